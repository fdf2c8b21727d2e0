using System.Net;
using FaultLab.World;
using PacketDotNet;

namespace FaultLab.Verify.Capture;

/// <summary>The IPv4 transport endpoints of one captured packet.</summary>
public sealed record PacketFlow(Transport Transport, IPAddress Source, int SourcePort, IPAddress Destination, int DestinationPort)
{
    /// <summary>Decodes a captured packet down to TCP or UDP over IPv4; null for anything else (ARP, ICMP, IPv6, a truncated frame).</summary>
    public static PacketFlow? From(CapturedPacket packet)
    {
        if (!Enum.IsDefined((LinkLayers)packet.LinkType)) return null;
        Packet parsed;
        try
        {
            parsed = Packet.ParsePacket((LinkLayers)packet.LinkType, packet.Data);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            // A frame cut at the snap length or mangled on the wire is not a flow; the caller counts only flows.
            return null;
        }
        if (parsed.Extract<IPv4Packet>() is not { } ip) return null;
        if (ip.Extract<UdpPacket>() is { } udp) return new(Transport.Udp, ip.SourceAddress, udp.SourcePort, ip.DestinationAddress, udp.DestinationPort);
        if (ip.Extract<TcpPacket>() is { } tcp) return new(Transport.Tcp, ip.SourceAddress, tcp.SourcePort, ip.DestinationAddress, tcp.DestinationPort);
        return null;
    }
}
