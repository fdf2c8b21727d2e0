using System.Collections.Concurrent;
using System.Net;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// Which source address belongs to which edge, shared by all edges of one lab instance and the
/// ip-check site: a request whose source is an edge's egress address came through that edge.
/// </summary>
public sealed class EdgeEgressRegistry
{
    private readonly ConcurrentDictionary<IPAddress, EdgeIdentity> _edges = new();

    /// <summary>Records that traffic from <paramref name="egressAddress"/> is traffic through <paramref name="edge"/>.</summary>
    public void Register(IPAddress egressAddress, EdgeIdentity edge)
    {
        var key = Normalize(egressAddress);
        if (!_edges.TryAdd(key, edge))
            throw new InvalidOperationException($"egress address {key} already belongs to edge {_edges[key].Name}; each edge needs its own");
    }

    public void Unregister(IPAddress egressAddress) => _edges.TryRemove(Normalize(egressAddress), out _);

    /// <summary>The edge whose egress address <paramref name="source"/> is, or null for any other source.</summary>
    public EdgeIdentity? EdgeFor(IPAddress source) => _edges.TryGetValue(Normalize(source), out var edge) ? edge : null;

    public IReadOnlyDictionary<IPAddress, EdgeIdentity> Edges => _edges;

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
