using FaultLab.Middleboxes.Tcp;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// Lets TCP connections to the given ports open, then resets them once a number of bytes (both
/// directions together) has crossed: a middlebox that kills sessions mid-stream.
/// </summary>
public sealed class TcpResetFault : Fault, IConnectionFault
{
    public override string Kind => "tcp-reset";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("destination TCP ports whose connections are reset")]
    public IReadOnlyList<int> Ports { get; set; } = [];

    [FaultParameter("bytes relayed, both directions together, before the reset (0: right after connecting)")]
    public int AfterBytes { get; set; }

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in PortList.Problems(Ports)) yield return problem;
        if (AfterBytes < 0) yield return $"'afterBytes' must be 0 or more, got {AfterBytes}";
    }

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch) =>
        Ports.Contains(connection.Service.Port)
            ? ConnectionVerdict.ResetAfter(AfterBytes, $"TCP port {connection.Service.Port} reset after {AfterBytes} bytes")
            : ConnectionVerdict.Accept;

    public override string Describe() => $"{base.Describe()} (TCP ports {string.Join(",", Ports)} reset after {AfterBytes} bytes)";
}
