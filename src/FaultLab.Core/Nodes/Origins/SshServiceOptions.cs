namespace FaultLab.Nodes.Origins;

/// <summary>Settings of the SSH service.</summary>
public sealed record SshServiceOptions
{
    /// <summary>Node name within the instance.</summary>
    public string Name { get; init; } = "ssh";

    /// <summary>The server's lab name.</summary>
    public string Host { get; init; } = "ssh.example.lab";

    /// <summary>The softwareversion part of the identification line (RFC 4253 4.2): printable ASCII, no spaces or '-'.</summary>
    public string SoftwareVersion { get; init; } = "FaultLab_1.0";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("SshServiceOptions.Name must not be empty");
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("SshServiceOptions.Host must not be empty");
        if (string.IsNullOrEmpty(SoftwareVersion) || SoftwareVersion.Any(c => c is <= ' ' or > '~' or '-'))
            throw new ArgumentException($"SshServiceOptions.SoftwareVersion must be printable ASCII without spaces or '-', got '{SoftwareVersion}'");
    }
}
