namespace FaultLab.World;

/// <summary>A service as the lab names it: a host name, a port and a transport (e.g. gateway.edge.lab:443/udp).</summary>
public readonly record struct ServiceAddress(string Host, int Port, Transport Transport)
{
    public override string ToString() => $"{Host}:{Port}/{Transport.ToString().ToLowerInvariant()}";
}
