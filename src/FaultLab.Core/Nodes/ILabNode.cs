namespace FaultLab.Nodes;

/// <summary>A node of the lab world (edge, IdP, portal, DNS, origin...). It owns every socket it opens.</summary>
public interface ILabNode : IAsyncDisposable
{
    /// <summary>Unique name within the instance, e.g. "edge-fra" or "idp".</summary>
    string Name { get; }

    /// <summary>What kind of node it is: edge, idp, portal, dns, origin, private-app, update.</summary>
    string Role { get; }

    /// <summary>The endpoints it listens on; complete once <see cref="StartAsync"/> returned.</summary>
    IReadOnlyList<NodeEndpoint> Endpoints { get; }

    /// <summary>Binds the node's ports, registers its services in the directory and starts serving.</summary>
    Task StartAsync(NodeContext context, CancellationToken cancellationToken);
}
