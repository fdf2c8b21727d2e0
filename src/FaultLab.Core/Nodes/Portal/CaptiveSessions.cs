using System.Collections.Concurrent;
using System.Net;

namespace FaultLab.Nodes.Portal;

/// <summary>Who is signed in to the portal, keyed by client address, each until its session expires.</summary>
internal sealed class CaptiveSessions(TimeProvider clock, TimeSpan ttl)
{
    private readonly ConcurrentDictionary<IPAddress, DateTimeOffset> _expiry = new();

    /// <summary>Signs <paramref name="client"/> in (or extends its session) for the TTL from now.</summary>
    public DateTimeOffset SignIn(IPAddress client)
    {
        var until = clock.GetUtcNow() + ttl;
        _expiry[Normalize(client)] = until;
        return until;
    }

    public bool SignOut(IPAddress client) => _expiry.TryRemove(Normalize(client), out _);

    public void Clear() => _expiry.Clear();

    /// <summary>Time left in the client's session; null when it is captive.</summary>
    public TimeSpan? Remaining(IPAddress client)
    {
        var key = Normalize(client);
        if (!_expiry.TryGetValue(key, out var until)) return null;
        var left = until - clock.GetUtcNow();
        if (left > TimeSpan.Zero) return left;
        _expiry.TryRemove(new KeyValuePair<IPAddress, DateTimeOffset>(key, until));   // expired: captive again
        return null;
    }

    private static IPAddress Normalize(IPAddress client) => client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
}
