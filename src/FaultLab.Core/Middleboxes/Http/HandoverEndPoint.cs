using System.Net;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A Kestrel endpoint that is not a socket: connections arrive already accepted (and peeked)
/// by the middlebox's front listener, which keeps the client's real address.
/// </summary>
internal sealed class HandoverEndPoint(string name) : EndPoint
{
    public string Name { get; } = name;

    public override string ToString() => $"handover-{Name}";
}
