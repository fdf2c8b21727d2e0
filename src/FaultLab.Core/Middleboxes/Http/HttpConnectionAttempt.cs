using System.Net;

namespace FaultLab.Middleboxes.Http;

/// <summary>An HTTPS connection the middlebox is about to route, as connection faults see it.</summary>
/// <param name="Client">The client's address.</param>
/// <param name="DestinationHost">The lab host it wants (CONNECT target or TLS SNI).</param>
/// <param name="DestinationPort">The port it wants.</param>
/// <param name="ExplicitProxy">True for CONNECT, false for a transparently intercepted ClientHello.</param>
/// <param name="IsSignedIn">The captive portal's sign-in state, when the runtime provided one.</param>
public sealed record HttpConnectionAttempt(
    IPAddress Client,
    string DestinationHost,
    int DestinationPort,
    bool ExplicitProxy,
    Func<IPAddress, bool>? IsSignedIn);
