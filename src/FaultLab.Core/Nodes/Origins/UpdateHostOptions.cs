namespace FaultLab.Nodes.Origins;

/// <summary>Settings of the agent update host.</summary>
public sealed record UpdateHostOptions
{
    /// <summary>Node name within the instance.</summary>
    public string Name { get; init; } = "update";

    /// <summary>The update host's lab name.</summary>
    public string Host { get; init; } = "update.edge.lab";

    /// <summary>The agent build the update rule targets, e.g. "4.5.0.300".</summary>
    public string TargetVersion { get; init; } = "4.5.0.300";

    /// <summary>Size of the generated package, in bytes.</summary>
    public int PackageSizeBytes { get; init; } = 256 * 1024;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("UpdateHostOptions.Name must not be empty");
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("UpdateHostOptions.Host must not be empty");
        if (string.IsNullOrWhiteSpace(TargetVersion) || TargetVersion.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')))
            throw new ArgumentException($"UpdateHostOptions.TargetVersion must be letters, digits, '.' or '-', got '{TargetVersion}'");
        if (PackageSizeBytes < 64) throw new ArgumentException($"UpdateHostOptions.PackageSizeBytes must be at least 64, got {PackageSizeBytes}");
    }
}
