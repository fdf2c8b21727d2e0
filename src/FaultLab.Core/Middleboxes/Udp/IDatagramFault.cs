using FaultLab.Faults;

namespace FaultLab.Middleboxes.Udp;

/// <summary>
/// The behaviour of a fault kind that acts on UDP datagrams. A <see cref="UdpRelay"/> asks every
/// active fault of its link, in lab-file order, about each datagram in each direction: the first
/// drop wins, delays add up. Called on the relay's hot path: decide without blocking.
/// </summary>
public interface IDatagramFault
{
    /// <summary>
    /// What happens to <paramref name="datagram"/>. <paramref name="faultSwitch"/> is this fault's
    /// switch in the running instance: draw randomness from it (seeded) so runs repeat.
    /// </summary>
    DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch);
}
