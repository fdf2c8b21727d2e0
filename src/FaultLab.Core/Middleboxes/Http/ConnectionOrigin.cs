using System.Net;
using FaultLab.Pki;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// What the front listener learnt about a connection before handing it to the inspecting
/// server: who the client is, where it was going (CONNECT target or SNI; null for plain HTTP,
/// which routes by Host) and which CA re-signs it. Kept as a connection feature.
/// </summary>
internal sealed record ConnectionOrigin(IPEndPoint Client, string? DestinationHost, int DestinationPort, CertificateAuthority? Issuer);
