using System.Net;

namespace FaultLab.World;

/// <summary>
/// How the simulated laptop reaches lab services: every service is routed through the link the
/// runtime built for it (a chain of middleboxes where faults act). The agent and the laptop's apps
/// bind their sockets to <see cref="LaptopAddress"/> and connect to <see cref="Route"/>'s answer.
/// </summary>
public interface ILaptopNetwork
{
    /// <summary>The laptop's own source address (per-client state such as captive sign-in keys on it).</summary>
    IPAddress LaptopAddress { get; }

    /// <summary>The network the laptop is on now.</summary>
    NetworkProfile Network { get; }

    /// <summary>Where to send traffic for <paramref name="service"/>, or null when nothing serves it (no route to host).</summary>
    IPEndPoint? Route(ServiceAddress service);
}
