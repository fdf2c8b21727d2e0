using System.CommandLine;
using FaultLab.Cli.Commands;
using FaultLab.Control;
using FaultLab.Labs;
using FaultLab.Runtime;
using FaultLab.Settings;

namespace FaultLab.Cli;

/// <summary>The faultlab command line: builds the verbs, runs one, maps failures to the contract's exit codes.</summary>
public sealed class CliApp
{
    /// <summary>--labs DIR, accepted by every verb.</summary>
    public static readonly Option<string?> LabsOption = new("--labs")
    {
        Description = "Lab catalogue directory (default: $FAULTLAB_LABS, else ./labs of the checkout)",
        Recursive = true,
        HelpName = "DIR",
    };

    private readonly CliConsole _console;
    private readonly StateDirectory _state;

    public CliApp(CliConsole console, StateDirectory state)
    {
        _console = console;
        _state = state;
    }

    public static Task<int> RunMainAsync(string[] args, CancellationToken cancellationToken) =>
        new CliApp(CliConsole.System, StateDirectory.Default()).RunAsync(args, cancellationToken);

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = new RootCommand("""
            FaultLab - network fault-injection labs for troubleshooting a zero-trust client connector.
            Bring a broken world up on loopback, point real tools (curl, dig, openssl) at it, fix it, verify.
            Typical session:  faultlab labs;  faultlab up tunnel-udp-blocked --detach;  faultlab status tunnel-udp-blocked;  faultlab down tunnel-udp-blocked
            """);
        root.Options.Add(LabsOption);
        foreach (var command in Commands()) root.Subcommands.Add(command.Build(this));

        var parse = root.Parse(ContractOrder(args));
        if (parse.Errors.Count > 0)
        {
            var help = string.Join(' ', CommandPath(parse).Prepend("faultlab").Append("--help"));
            _console.Error.WriteLine($"faultlab: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see '{help}')");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = _console.Out, Error = _console.Error }, cancellationToken);
    }

    private static readonly HashSet<string> InstanceFirstVerbs = ["agent", "portal", "device", "net", "probe", "fault"];

    /// <summary>
    /// The CLI contract names the instance before the action ("faultlab portal N set KEY VALUE");
    /// the parser wants the action first, so the two swap places when written that way.
    /// </summary>
    internal static string[] ContractOrder(string[] args)
    {
        if (args.Length < 3 || !InstanceFirstVerbs.Contains(args[0]) || args[1].StartsWith('-')) return args;
        var actions = Commands().OfType<ICliCommand>().Select(c => c.Build(new CliApp(CliConsole.System, new StateDirectory("."))))
            .Single(c => c.Name == args[0]).Subcommands.Select(s => s.Name).ToHashSet();
        if (actions.Contains(args[1]) || !actions.Contains(args[2])) return args;
        return [args[0], args[2], args[1], .. args[3..]];
    }

    private static IEnumerable<ICliCommand> Commands() =>
    [
        new LabsCommand(), new ShowCommand(), new UpCommand(), new DownCommand(), new StatusCommand(), new HostCommand(), new FaultCommand(), SettingsCommand.Portal, SettingsCommand.Device, new NetCommand(), new AgentCommand(), new VerifyCommand(), new HintCommand(), new SolveCommand(), new SelftestCommand(), new GradeCommand(), new ProbeCommand(),
    ];

    /// <summary>Runs a command body with the environment, turning known failures into one line and an exit code.</summary>
    public async Task<int> Run(ParseResult parse, Func<CliEnvironment, Task<int>> body)
    {
        var labs = parse.GetValue(LabsOption) ?? LabCatalog.DefaultDirectory();
        var environment = new CliEnvironment(_console, _state, labs);
        try
        {
            return await body(environment);
        }
        catch (Exception e) when (e is UsageException or LabFileException or InstanceNameTakenException or SettingsException)
        {
            _console.Error.WriteLine($"faultlab: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ControlException e)
        {
            _console.Error.WriteLine($"faultlab: {e.Message}");
            return e.ExitCode;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Command is not RootCommand) names.Insert(0, r.Command.Name);
        return names;
    }
}
