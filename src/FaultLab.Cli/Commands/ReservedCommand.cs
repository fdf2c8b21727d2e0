using System.CommandLine;

namespace FaultLab.Cli.Commands;

/// <summary>A verb of the CLI contract that this build does not offer yet: it says so and exits 2.</summary>
public sealed class ReservedCommand(string verb, string summary) : ICliCommand
{
    public static IReadOnlyList<ReservedCommand> All { get; } =
    [
        new("probe", "The field guide's diagnostics: tcp, udp, dns, tls, http, mtu, ipcheck"),
    ];

    public Command Build(CliApp app)
    {
        var rest = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(verb, summary + " (not available in this build)") { rest };
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine($"faultlab: '{verb}' is not available in this build yet");
            return ExitCodes.BadInput;
        });
        return command;
    }
}
