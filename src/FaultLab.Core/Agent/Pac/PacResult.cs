using FaultLab.Agent.Network;

namespace FaultLab.Agent.Pac;

/// <summary>The outcome of one FindProxyForURL call: the ordered decisions, or the reason there are none, plus what the script did on the way.</summary>
public sealed record PacResult
{
    private PacResult(PacError error, string message, string? returned, IReadOnlyList<PacDecision> decisions,
        IReadOnlyList<string> ignoredEntries, IReadOnlyList<string> alerts, IReadOnlyList<HostResolution> lookups)
    {
        Error = error;
        Message = message;
        Returned = returned;
        Decisions = decisions;
        IgnoredEntries = ignoredEntries;
        Alerts = alerts;
        Lookups = lookups;
    }

    public PacError Error { get; }

    /// <summary>What happened, for the agent log: the returned string, or the failure with the engine's message.</summary>
    public string Message { get; }

    /// <summary>The string FindProxyForURL returned; null when it did not return one.</summary>
    public string? Returned { get; }

    /// <summary>The entries in the order the PAC lists them; empty on failure.</summary>
    public IReadOnlyList<PacDecision> Decisions { get; }

    /// <summary>Result entries that were not understood and skipped.</summary>
    public IReadOnlyList<string> IgnoredEntries { get; }

    /// <summary>Messages the script passed to alert().</summary>
    public IReadOnlyList<string> Alerts { get; }

    /// <summary>Host names the script resolved (dnsResolve, isInNet, isResolvable) and their outcomes.</summary>
    public IReadOnlyList<HostResolution> Lookups { get; }

    public bool Succeeded => Error == PacError.None;

    /// <summary>The entry a client uses first; null on failure.</summary>
    public PacDecision? First => Decisions.Count > 0 ? Decisions[0] : null;

    internal static PacResult Evaluated(string returned, IReadOnlyList<PacDecision> decisions, IReadOnlyList<string> ignored,
        IReadOnlyList<string> alerts, IReadOnlyList<HostResolution> lookups) =>
        decisions.Count == 0
            ? throw new ArgumentException("an evaluated PAC result needs a decision", nameof(decisions))
            : new(PacError.None, $"FindProxyForURL returned \"{returned}\"", returned, decisions, ignored, alerts, lookups);

    internal static PacResult Failed(PacError error, string message, IReadOnlyList<string> alerts, IReadOnlyList<HostResolution> lookups,
        string? returned = null, IReadOnlyList<string>? ignored = null) =>
        error == PacError.None
            ? throw new ArgumentException("a failure needs a reason", nameof(error))
            : new(error, message, returned, [], ignored ?? [], alerts, lookups);

    public override string ToString() => Succeeded ? string.Join("; ", Decisions) : $"{Error}: {Message}";
}
