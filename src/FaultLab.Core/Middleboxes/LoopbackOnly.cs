using System.Net;
using System.Net.Sockets;
using FaultLab.World;

namespace FaultLab.Middleboxes;

/// <summary>
/// The network rule every middlebox enforces before it opens a socket: listen on and send to
/// IPv4 loopback (127.0.0.0/8) only, the addresses its sockets and captures are built for.
/// </summary>
internal static class LoopbackOnly
{
    /// <summary>Refuses a bind address outside 127.0.0.0/8, naming the <paramref name="setting"/> it came from.</summary>
    public static void RequireBind(IPAddress address, string setting)
    {
        if (!IsIPv4Loopback(address))
            throw new ArgumentException($"{setting} must be a loopback address in 127.0.0.0/8, got {address}");
    }

    /// <summary>Refuses a service of the wrong transport or an upstream off loopback.</summary>
    public static void RequireUpstream(ServiceAddress service, Transport transport, IPEndPoint upstream)
    {
        if (service.Transport != transport)
            throw new ArgumentException($"a {transport.ToString().ToUpperInvariant()} middlebox fronts a {transport.ToString().ToUpperInvariant()} service, got {service}");
        if (!IsIPv4Loopback(upstream.Address))
            throw new ArgumentException($"the upstream of {service} must be a loopback endpoint in 127.0.0.0/8, got {upstream}");
    }

    private static bool IsIPv4Loopback(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && IPAddress.IsLoopback(address);
}
