namespace FaultLab.Faults.Kinds;

/// <summary>Drops every UDP datagram to the given ports on a link (a hotel firewall that blocks UDP/443).</summary>
public sealed class UdpDropFault : Fault
{
    public override string Kind => "udp-drop";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("destination UDP ports whose datagrams are dropped")]
    public IReadOnlyList<int> Ports { get; set; } = [];

    public override IEnumerable<string> Validate()
    {
        if (Ports.Count == 0) yield return "'ports' must name at least one port";
        foreach (var p in Ports.Where(p => p is < 1 or > 65535)) yield return $"'ports' has {p}, outside 1-65535";
    }

    public override string Describe() => $"{base.Describe()} (UDP ports {string.Join(",", Ports)} dropped)";
}
