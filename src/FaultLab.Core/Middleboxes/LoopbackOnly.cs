using System.Net;
using FaultLab.World;

namespace FaultLab.Middleboxes;

/// <summary>The network rule every middlebox enforces before it opens a socket: listen on and send to loopback only.</summary>
internal static class LoopbackOnly
{
    /// <summary>Refuses a bind address outside 127.0.0.0/8, naming the <paramref name="setting"/> it came from.</summary>
    public static void RequireBind(IPAddress address, string setting)
    {
        if (!IPAddress.IsLoopback(address))
            throw new ArgumentException($"{setting} must be a loopback address, got {address}");
    }

    /// <summary>Refuses a service of the wrong transport or an upstream off loopback.</summary>
    public static void RequireUpstream(ServiceAddress service, Transport transport, IPEndPoint upstream)
    {
        if (service.Transport != transport)
            throw new ArgumentException($"a {transport.ToString().ToUpperInvariant()} middlebox fronts a {transport.ToString().ToUpperInvariant()} service, got {service}");
        if (!IPAddress.IsLoopback(upstream.Address))
            throw new ArgumentException($"the upstream of {service} must be a loopback endpoint, got {upstream}");
    }
}
