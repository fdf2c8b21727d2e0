using FaultLab.Control;
using FaultLab.Labs;
using FaultLab.Runtime;

namespace FaultLab.Cli;

/// <summary>What every command works with: the console, the state directory and the lab catalogue.</summary>
public sealed class CliEnvironment(CliConsole console, StateDirectory state, string? labsDirectory)
{
    private LabCatalog? _catalog;

    public CliConsole Console { get; } = console;
    public StateDirectory State { get; } = state;

    /// <summary>The lab catalogue (loaded once); refused files are reported by the commands that list labs.</summary>
    public LabCatalog Catalog => _catalog ??= LabCatalog.Load(labsDirectory
        ?? throw new UsageException("no labs directory found: run from the FaultLab checkout, or set FAULTLAB_LABS or --labs"));

    public LabDefinition FindLab(string id)
    {
        if (Catalog.Find(id) is { } lab) return lab;
        if (Catalog.Errors.FirstOrDefault(e => Path.GetFileNameWithoutExtension(e.File) == id) is { } error)
            throw new UsageException(error.ToString());
        throw new UsageException($"no lab '{id}'{NameSuggester.Hint(id, Catalog.Labs.Select(l => l.Id))}; 'faultlab labs' lists them");
    }

    public InstanceRecord FindInstance(string name) => State.Read(name)
        ?? throw new UsageException($"no instance '{name}'{NameSuggester.Hint(name, State.List().Select(r => r.Name))}; 'faultlab status' lists running instances");

    /// <summary>
    /// A client for the instance, acting with FAULTLAB_TOKEN when set (a trainee's token) and
    /// otherwise with the instructor token the state directory keeps for its owner.
    /// </summary>
    public ControlClient Connect(string name)
    {
        var record = FindInstance(name);
        var token = Environment.GetEnvironmentVariable("FAULTLAB_TOKEN") is { Length: > 0 } t ? t
            : State.InstructorToken(name) ?? record.TraineeToken;
        return new ControlClient(record, token);
    }
}
