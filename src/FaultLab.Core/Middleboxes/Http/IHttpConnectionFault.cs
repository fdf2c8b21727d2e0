using FaultLab.Faults;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A fault that decides, before any TLS, whether an HTTPS connection through the middlebox
/// (an explicit-proxy CONNECT or a transparent TLS ClientHello) may proceed.
/// </summary>
public interface IHttpConnectionFault
{
    /// <summary>True to refuse the connection; the fault records why on <paramref name="fault"/>.</summary>
    bool Refuses(HttpConnectionAttempt attempt, FaultSwitch fault);
}
