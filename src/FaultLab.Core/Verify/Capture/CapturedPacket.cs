namespace FaultLab.Verify.Capture;

/// <summary>One record of a capture file: when it was captured, the file's link type and the captured bytes.</summary>
/// <param name="Timestamp">Capture time (UTC).</param>
/// <param name="LinkType">The file's LINKTYPE_ value (1 = Ethernet, 101 = raw IP, 113 = Linux cooked, 228 = IPv4).</param>
/// <param name="Data">The captured bytes (possibly cut at the file's snap length).</param>
public sealed record CapturedPacket(DateTimeOffset Timestamp, int LinkType, byte[] Data);
