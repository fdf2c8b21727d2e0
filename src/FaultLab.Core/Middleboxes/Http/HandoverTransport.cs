using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A Kestrel transport for <see cref="HandoverEndPoint"/>s: instead of a socket it accepts the
/// connections the front listener hands over, so routing (CONNECT, SNI, bypass) happens before
/// Kestrel ever sees a byte and Kestrel still reports the real client address.
/// </summary>
internal sealed class HandoverTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly ConcurrentDictionary<string, HandoverListener> _listeners = new(StringComparer.Ordinal);

    public bool CanBind(EndPoint endpoint) => endpoint is HandoverEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var handover = endpoint as HandoverEndPoint ?? throw new ArgumentException($"cannot bind {endpoint}", nameof(endpoint));
        var listener = new HandoverListener(handover);
        if (!_listeners.TryAdd(handover.Name, listener))
            throw new InvalidOperationException($"{handover} is bound twice");
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    /// <summary>Gives Kestrel a connection on the named endpoint; false when that endpoint is not listening.</summary>
    public bool TryHandOver(string endpointName, HandedOverConnection connection) =>
        _listeners.TryGetValue(endpointName, out var listener) && listener.TryEnqueue(connection);
}
