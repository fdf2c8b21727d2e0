using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Runtime;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab status [N]: running instances, or one instance's nodes, endpoints and faults.</summary>
public sealed class StatusCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var name = new Argument<string?>("N") { Description = "Instance name; without it, list running instances", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var command = new Command("status", "Show running instances, or one instance's nodes with their endpoints (host, port, protocol), faults and agent.") { name, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            if (parse.GetValue(name) is not { } n)
            {
                var records = env.State.List();
                if (parse.GetValue(json))
                    JsonOutput.Write(env.Console.Out, records.Select(r => new { r.Name, r.Lab, r.Runtime, r.Pid, r.Control, r.StartedAt }));
                else
                {
                    var table = new TextTable("NAME", "LAB", "RUNTIME", "PID", "STARTED");
                    foreach (var r in records) table.Add(r.Name, r.Lab, r.Runtime, r.Pid, r.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"));
                    table.Write(env.Console.Out);
                }
                return ExitCodes.Ok;
            }
            using var client = env.Connect(n);
            var status = await client.GetAsync("status", ct);
            if (parse.GetValue(json)) env.Console.Out.WriteLine(status.ToJsonString(JsonOutput.Options));
            else StatusPrinter.Write(env.Console.Out, status.Deserialize<InstanceStatus>(Control.ControlApi.Json)!);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
