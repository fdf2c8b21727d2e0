using FaultLab.Faults;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>
/// The behaviour of a fault kind that decides the fate of whole TCP connections. A
/// <see cref="TcpRelay"/> asks every active one of its link, in lab-file order, when a client
/// connects: the first refusal wins; of several resets the earliest applies.
/// </summary>
public interface IConnectionFault
{
    /// <summary>What happens to <paramref name="connection"/>; <paramref name="faultSwitch"/> is this fault's switch (seeded randomness, log).</summary>
    ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch);

    /// <summary>
    /// Whether switching the fault on also resets the open connections it would now refuse. An outage
    /// does; a firewall rule usually leaves established flows alone, which is the default.
    /// </summary>
    bool CutsOpenConnections => false;
}
