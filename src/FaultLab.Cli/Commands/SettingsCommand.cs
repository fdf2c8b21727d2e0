using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Control;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab portal|device N get [KEY] | set KEY VALUE: the admin portal's policy and the laptop's state.</summary>
public sealed class SettingsCommand(string verb, string summary, string example) : ICliCommand
{
    public static SettingsCommand Portal { get; } = new("portal",
        "Read and change the admin portal's policy (forwarding profile, app profile, trusted networks, PAC, bypass lists, posture)",
        "faultlab portal N set forwarding.transport dtls-with-tls-fallback");

    public static SettingsCommand Device { get; } = new("device",
        "Read and change the laptop's state (disk encryption, AV service, OS version, system proxy, clock offset...)",
        "faultlab device N set diskEncryption true");

    public Command Build(CliApp app)
    {
        var command = new Command(verb, $"{summary}. Keys are dotted paths, e.g. {example}");

        var getName = CommonOptions.Instance();
        var key = new Argument<string?>("KEY") { Description = "Dotted key; without it, the whole document", Arity = ArgumentArity.ZeroOrOne };
        var getJson = CommonOptions.Json();
        var get = new Command("get", "Print a value, or the whole document") { getName, key, getJson };
        get.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(getName)!);
            var k = parse.GetValue(key);
            var path = k is null ? verb : $"{verb}?key={Uri.EscapeDataString(k)}";
            var value = (await client.GetAsync(path, ct))["value"];
            Print(env, parse.GetValue(getJson), k, value);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(get);

        var setName = CommonOptions.Instance();
        var setKey = new Argument<string>("KEY") { Description = "Dotted key" };
        var value = new Argument<string>("VALUE") { Description = "New value; lists and mappings as JSON" };
        var setJson = CommonOptions.Json();
        var set = new Command("set", $"Change a value (its type must match), e.g. {example}") { setName, setKey, value, setJson };
        set.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(setName)!);
            var result = await client.PostAsync(verb, new SettingChange(parse.GetValue(setKey)!, parse.GetValue(value)!), ct);
            Print(env, parse.GetValue(setJson), parse.GetValue(setKey), result["value"]);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(set);
        return command;
    }

    private static void Print(CliEnvironment env, bool json, string? key, JsonNode? value)
    {
        if (json)
            env.Console.Out.WriteLine(new JsonObject { ["key"] = key, ["value"] = value?.DeepClone() }.ToJsonString(JsonOutput.Options));
        else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            env.Console.Out.WriteLine(key is null ? v.GetValue<string>() : $"{key} = {v.GetValue<string>()}");
        else
            env.Console.Out.WriteLine(key is null ? value?.ToJsonString(JsonOutput.Options) : $"{key} = {value?.ToJsonString() ?? "null"}");
    }
}
