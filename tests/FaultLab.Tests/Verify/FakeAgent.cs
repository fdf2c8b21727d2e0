using FaultLab.Verify;

namespace FaultLab.Tests.Verify;

/// <summary>An agent whose answers the test sets; it records what it was asked.</summary>
internal sealed class FakeAgent : IAgentProbe
{
    private readonly Queue<AgentStatus> _upcoming = new();

    public static AgentStatus Healthy { get; } = new()
    {
        Authentication = "Authenticated",
        InternetSecurity = "On",
        PrivateAccess = "On",
        Tunnel = "Established over TLS",
        Network = "OffTrusted",
        EdgeName = "gateway.edge.lab",
        EdgeCity = "Frankfurt",
        EdgeRttMs = 18,
        Version = "4.4.0.250",
        DeviceId = "dev-01",
    };

    /// <summary>What the status shows once the queued statuses are used up.</summary>
    public AgentStatus Status { get; set; } = Healthy;

    public int StatusCalls { get; private set; }

    /// <summary>When set, a status call never answers (a hung agent); only cancellation ends it.</summary>
    public bool Hangs { get; set; }

    public Dictionary<string, AppResult> Apps { get; } = new();

    public Func<string, IReadOnlyDictionary<string, string>, ProbeResult> Probe { get; set; } = (kind, _) => new ProbeResult(false, $"{kind}: no answer");

    public List<(string Kind, IReadOnlyDictionary<string, string> Arguments)> ProbesRun { get; } = [];

    public string? ExportedBundlePath { get; set; }

    /// <summary>Statuses returned by the next calls, one each, before <see cref="Status"/> applies again.</summary>
    public void Then(params AgentStatus[] statuses)
    {
        foreach (var s in statuses) _upcoming.Enqueue(s);
    }

    public async Task<AgentStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        StatusCalls++;
        if (Hangs) await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        return _upcoming.TryDequeue(out var next) ? next : Status;
    }

    public Task<AppResult> RunAppAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Apps.TryGetValue(name, out var result) ? result : new AppResult(name, false, $"{name} is not installed"));

    public Task<ProbeResult> ProbeAsync(string kind, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        ProbesRun.Add((kind, arguments));
        return Task.FromResult(Probe(kind, arguments));
    }
}
