using FaultLab.Middleboxes.Tcp;

namespace FaultLab.Faults.Kinds;

/// <summary>Limits every TCP connection on a link to a rate, each direction on its own (a thin or congested uplink).</summary>
public sealed class TcpBandwidthFault : Fault, IStreamShaping
{
    public override string Kind => "tcp-bandwidth";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("rate each direction of a connection is limited to, in bytes per second")]
    public int BytesPerSecond { get; set; } = 125_000;

    public override IEnumerable<string> Validate()
    {
        if (BytesPerSecond < 1) yield return $"'bytesPerSecond' must be at least 1, got {BytesPerSecond}";
    }

    public StreamShape Shape(in StreamChunk chunk, FaultSwitch faultSwitch) => StreamShape.Limit(BytesPerSecond);

    public override string Describe() => $"{base.Describe()} (TCP limited to {BytesPerSecond} bytes/s)";
}
