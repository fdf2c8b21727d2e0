using System.CommandLine;
using System.Text.Json.Nodes;

namespace FaultLab.Cli.Commands;

/// <summary>
/// faultlab agent N ACTION [ARGS]: the agent on the laptop — its status, the More menu's troubleshoot
/// actions, and the apps that make traffic through it.
/// </summary>
public sealed class AgentCommand : ICliCommand
{
    private static readonly string[] Actions = ["status", "restart-service", "repair-app", "update-policy", "logout", "login", "clear-logs", "capture", "export-logs", "clock", "app"];

    public Command Build(CliApp app)
    {
        var name = CommonOptions.Instance();
        var action = new Argument<string>("ACTION") { Description = $"One of: {string.Join(", ", Actions)}" };
        var args = new Argument<string[]>("ARGS") { Description = "capture start|stop, export-logs [DIR], clock status|resync, app NAME", Arity = ArgumentArity.ZeroOrMore };
        var json = CommonOptions.Json();
        var command = new Command("agent", "The agent on the laptop: status, troubleshoot actions (restart-service, repair-app, update-policy, logout, login, clear-logs, capture, export-logs, clock) and apps (app browser|ipcheck|teams|ssh|hr|update)")
        {
            name, action, args, json,
        };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var verb = parse.GetValue(action)!.ToLowerInvariant();
            var rest = parse.GetValue(args) ?? [];
            var asJson = parse.GetValue(json);
            if (!Actions.Contains(verb))
                throw new UsageException($"unknown agent action '{verb}'{Labs.NameSuggester.Hint(verb, Actions)} (one of: {string.Join(", ", Actions)})");
            RequireArguments(verb, rest);
            using var client = env.Connect(parse.GetValue(name)!);
            switch (verb)
            {
                case "status":
                    PrintStatus(env, asJson, await client.GetAsync("agent/status", ct));
                    return ExitCodes.Ok;
                case "app":
                    var result = await client.PostAsync($"agent/apps/{Uri.EscapeDataString(rest[0])}", null, ct);
                    PrintApp(env, asJson, result);
                    return result["ok"]?.GetValue<bool>() == true ? ExitCodes.Ok : ExitCodes.Failed;
                default:
                    var done = await client.PostAsync($"agent/actions/{verb}", new { args = ExportArgs(verb, rest) }, ct);
                    env.Console.Out.WriteLine(asJson ? done.ToJsonString(JsonOutput.Options) : done["message"]?.GetValue<string>());
                    return ExitCodes.Ok;
            }
        }));
        return command;
    }

    private static string[] ExportArgs(string verb, string[] rest) =>
        verb == "export-logs" && rest.Length > 0 ? [Path.GetFullPath(rest[0])] : rest;

    private static void RequireArguments(string verb, string[] rest)
    {
        var problem = verb switch
        {
            "capture" when rest is not ["start" or "stop"] => "capture takes start or stop",
            "clock" when rest is not ["status" or "resync"] => "clock takes status or resync",
            "app" when rest.Length != 1 => "app takes one app name: browser, ipcheck, teams, ssh, hr or update",
            "export-logs" when rest.Length > 1 => "export-logs takes at most one directory",
            "status" or "restart-service" or "repair-app" or "update-policy" or "logout" or "login" or "clear-logs" when rest.Length > 0 => $"{verb} takes no arguments",
            _ => null,
        };
        if (problem is not null) throw new UsageException(problem);
    }

    private static void PrintStatus(CliEnvironment env, bool json, JsonNode status)
    {
        if (json)
        {
            env.Console.Out.WriteLine(status.ToJsonString(JsonOutput.Options));
            return;
        }
        var o = env.Console.Out;
        if (status["running"]?.GetValue<bool>() == false)
        {
            o.WriteLine($"Agent: not running: {status["lastError"]?.GetValue<string>()}");
            return;
        }
        var edge = status["edge"];
        o.WriteLine($"Authentication:      {status["authentication"]}");
        o.WriteLine($"Internet Security:   {status["internetSecurity"]}");
        o.WriteLine($"Private Access:      {status["privateAccess"]}");
        o.WriteLine($"Digital Experience:  {status["digitalExperience"]}");
        o.WriteLine($"Tunnel:              {status["tunnel"]}");
        o.WriteLine($"Network:             {status["network"]}");
        o.WriteLine($"Edge:                {(edge is null ? "-" : $"{edge["name"]} ({edge["city"] ?? "?"}, {edge["rttMs"]?.ToJsonString() ?? "?"} ms)")}");
        o.WriteLine($"Version:             {status["version"]}");
        o.WriteLine($"Device id:           {status["deviceId"]}");
        if (status["localProxy"] is { } proxy) o.WriteLine($"Local proxy:         {proxy} (tunnel with local proxy)");
        if (status["lastError"] is { } error) o.WriteLine($"Last error:          {error}");
        foreach (var e in status["events"]?.AsArray().TakeLast(10) ?? [])
            o.WriteLine($"  {e?["at"]}  {e?["message"]}");
    }

    private static void PrintApp(CliEnvironment env, bool json, JsonNode result)
    {
        if (json)
        {
            env.Console.Out.WriteLine(result.ToJsonString(JsonOutput.Options));
            return;
        }
        env.Console.Out.WriteLine($"{result["name"]}: {(result["ok"]?.GetValue<bool>() == true ? "ok" : "FAILED")}: {result["summary"]}");
        foreach (var (key, value) in result["fields"]?.AsObject() ?? [])
            env.Console.Out.WriteLine($"  {key}: {value}");
    }
}
