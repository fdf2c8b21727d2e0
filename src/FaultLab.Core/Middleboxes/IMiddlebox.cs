using System.Net;
using FaultLab.Faults;
using FaultLab.World;

namespace FaultLab.Middleboxes;

/// <summary>
/// A middlebox in front of one lab service: the laptop's clients reach it at
/// <see cref="ListenEndPoint"/>, and it passes traffic on to <see cref="Upstream"/> (the node, or
/// the next middlebox of the link's chain) under the link's faults.
/// </summary>
public interface IMiddlebox : IAsyncDisposable
{
    /// <summary>The lab service it stands for, e.g. gateway.edge.lab:443/udp.</summary>
    ServiceAddress Service { get; }

    /// <summary>Where clients on the laptop send their traffic.</summary>
    IPEndPoint ListenEndPoint { get; }

    /// <summary>Where it passes the traffic on.</summary>
    IPEndPoint Upstream { get; }

    /// <summary>The faults of its link.</summary>
    LinkFaults Faults { get; }
}
