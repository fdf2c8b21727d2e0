namespace FaultLab.Agent.Pac;

/// <summary>One entry of a PAC result: DIRECT, or a proxy of some kind at host:port. Entries are tried in order.</summary>
public sealed record PacDecision
{
    private PacDecision(PacDecisionKind kind, string? host, int? port)
    {
        Kind = kind;
        Host = host;
        Port = port;
    }

    public PacDecisionKind Kind { get; }

    /// <summary>The proxy's host (name or address); null for DIRECT.</summary>
    public string? Host { get; }

    /// <summary>The proxy's port; null for DIRECT.</summary>
    public int? Port { get; }

    public bool IsDirect => Kind == PacDecisionKind.Direct;

    public static PacDecision Direct { get; } = new(PacDecisionKind.Direct, null, null);

    public static PacDecision Proxy(string host, int port) => Via(PacDecisionKind.Proxy, host, port);

    public static PacDecision Via(PacDecisionKind kind, string host, int port)
    {
        if (kind == PacDecisionKind.Direct) throw new ArgumentException("DIRECT has no proxy; use PacDecision.Direct", nameof(kind));
        if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("a proxy needs a host", nameof(host));
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "a proxy port is 1-65535");
        return new PacDecision(kind, host, port);
    }

    /// <summary>The entry as a PAC file writes it, e.g. "PROXY gateway.edge.lab:9400".</summary>
    public override string ToString() => Kind switch
    {
        PacDecisionKind.Direct => "DIRECT",
        _ => $"{Kind.ToString().ToUpperInvariant()} {(Host!.Contains(':') ? $"[{Host}]" : Host)}:{Port}",
    };
}
