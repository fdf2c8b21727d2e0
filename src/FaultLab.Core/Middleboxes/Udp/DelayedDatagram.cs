namespace FaultLab.Middleboxes.Udp;

/// <summary>A datagram held by a delay fault: a pooled copy of its bytes and where it goes.</summary>
internal readonly record struct DelayedDatagram(UdpFlow Flow, FlowDirection Direction, byte[] Buffer, int Length);
