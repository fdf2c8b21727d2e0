using System.CommandLine;
using System.Text.Json;
using FaultLab.Control;
using FaultLab.Verify;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab probe N KIND TARGET: the field guide's diagnostics, from the laptop through its current network.</summary>
public sealed class ProbeCommand : ICliCommand
{
    private static readonly (string Kind, string Target, string Help)[] Kinds =
    [
        ("tcp", "HOST[:PORT]", "TCP connect, like Test-NetConnection -Port (default port 443)"),
        ("udp", "HOST[:PORT]", "a DTLS hello to an edge on UDP, answered or not (default port 443)"),
        ("dns", "NAME", "resolve through the resolver the laptop's network hands out, like nslookup"),
        ("tls", "HOST[:PORT]", "the server certificate's issuer, like openssl s_client | openssl x509 -issuer"),
        ("http", "URL", "the status code, like curl -I"),
        ("mtu", "HOST", "the path MTU, like ping -f -l stepped down until replies come back: the largest datagram the host's UDP echo (port 7) returns, plus 28 bytes of headers"),
        ("ipcheck", "-", "is traffic going through the edge, and which one"),
    ];

    public Command Build(CliApp app)
    {
        var command = new Command("probe", "The field guide's diagnostics, run from the laptop through its current network and forwarding");
        foreach (var (kind, targetName, help) in Kinds)
        {
            var name = CommonOptions.Instance();
            var target = new Argument<string>(targetName) { Description = help, Arity = kind == "ipcheck" ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne };
            var json = CommonOptions.Json();
            var sub = new Command(kind, help) { name, target, json };
            sub.SetAction((parse, ct) => app.Run(parse, async env =>
            {
                using var client = env.Connect(parse.GetValue(name)!);
                var node = await client.PostAsync($"probe/{kind}", new ProbeRequest(parse.GetValue(target) ?? ""), ct);
                var result = node.Deserialize<ProbeResult>(ControlApi.Json)!;
                if (parse.GetValue(json)) env.Console.Out.WriteLine(node.ToJsonString(JsonOutput.Options));
                else env.Console.Out.WriteLine($"{(result.Ok ? "ok" : "FAILED")}: {result.Summary}{(result.Issuer is { } i ? $"\n  issuer: {i}" : "")}");
                return result.Ok ? ExitCodes.Ok : ExitCodes.Failed;
            }));
            command.Subcommands.Add(sub);
        }
        return command;
    }
}
