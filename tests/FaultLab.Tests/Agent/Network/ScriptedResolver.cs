using System.Collections.Concurrent;
using System.Net;
using FaultLab.Agent.Network;

namespace FaultLab.Tests.Agent.Network;

/// <summary>A resolver whose answers the test writes: names in the table resolve, others fail with a chosen reason; every query is counted.</summary>
internal sealed class ScriptedResolver
{
    private readonly Dictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _queries = new();

    public string FailureReason { get; set; } = "NXDOMAIN";

    /// <summary>Names that never answer (the resolver waits until it is cancelled).</summary>
    public HashSet<string> Silent { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names whose lookup throws, as a broken resolver would.</summary>
    public HashSet<string> Throwing { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Queries => _queries;

    public ScriptedResolver Answer(string host, params string[] addresses)
    {
        _answers[host] = addresses.Select(IPAddress.Parse).ToArray();
        return this;
    }

    public ScriptedResolver Forget(string host)
    {
        _answers.Remove(host);
        return this;
    }

    public HostResolver Resolver => ResolveAsync;

    private async Task<HostResolution> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _queries.Enqueue(host);
        await Task.Yield();
        if (Silent.Contains(host))
        {
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        }
        if (Throwing.Contains(host)) throw new IOException("resolver socket closed");
        return _answers.TryGetValue(host, out var addresses)
            ? HostResolution.Resolved(host, addresses)
            : HostResolution.Failed(host, FailureReason);
    }
}
