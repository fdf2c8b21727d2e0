namespace FaultLab.Nodes.Origins;

/// <summary>Settings of the call-media echo.</summary>
public sealed record MediaEchoOptions
{
    /// <summary>Node name within the instance.</summary>
    public string Name { get; init; } = "media";

    /// <summary>The media relay's lab name.</summary>
    public string Host { get; init; } = "media.teams.example.lab";

    /// <summary>Further lab names the same socket answers under (an edge's gateway names share one echo).</summary>
    public IReadOnlyList<string> AlsoKnownAs { get; init; } = [];

    /// <summary>The lab port clients send media to (3478 is STUN/TURN, what call apps use first).</summary>
    public int Port { get; init; } = 3478;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("MediaEchoOptions.Name must not be empty");
        if (string.IsNullOrWhiteSpace(Host) || AlsoKnownAs.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("MediaEchoOptions.Host and AlsoKnownAs must not be empty");
        if (Port is < 1 or > 65535) throw new ArgumentException($"MediaEchoOptions.Port must be 1-65535, got {Port}");
    }
}
