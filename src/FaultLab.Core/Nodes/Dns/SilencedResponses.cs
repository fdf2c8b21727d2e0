using System.Collections.Concurrent;
using System.Net;
using ARSoft.Tools.Net.Dns;

namespace FaultLab.Nodes.Dns;

/// <summary>
/// Responses the node decided never to send. The DNS library always answers (SERVFAIL when the
/// handler gives nothing), so a dropped query is marked here and its response swallowed on the way out.
/// </summary>
internal sealed class SilencedResponses
{
    private readonly ConcurrentDictionary<(TransportProtocol Transport, IPEndPoint Client, ushort TransactionId), byte> _pending = new();

    public void Mark(TransportProtocol transport, IPEndPoint client, ushort transactionId) =>
        _pending[(transport, client, transactionId)] = 0;

    /// <summary>True (and forgets the mark) when the response to this transaction must not be sent.</summary>
    public bool TryConsume(TransportProtocol transport, IPEndPoint client, ushort transactionId) =>
        _pending.TryRemove((transport, client, transactionId), out _);
}
