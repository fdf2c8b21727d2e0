using System.Net;

namespace FaultLab.Agent.LocalProxy;

/// <summary>The local proxy answered a CONNECT with an error status instead of 200; the message carries its reason.</summary>
public sealed class LocalProxyRefusedException(IPEndPoint proxy, string destination, int status, string reason)
    : IOException($"the local proxy {proxy} refused CONNECT {destination} with {status}: {reason}")
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;
}
