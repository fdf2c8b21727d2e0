namespace FaultLab.Verify.Capture;

/// <summary>A capture file that is not classic libpcap or is cut short; the message says which and where.</summary>
public sealed class PcapFormatException(string message) : Exception(message);
