using System.Collections.Concurrent;
using FaultLab.Faults;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Udp;

namespace FaultLab.Tests.Middleboxes.Udp;

/// <summary>A fault for tests that passes everything and remembers what it was asked.</summary>
internal sealed class RecordingDatagramFault : Fault, IDatagramFault
{
    public override string Kind => "test-recording";
    public override FaultTarget Target => FaultTarget.Link;

    public ConcurrentQueue<(FlowDirection Direction, int Length, int ServicePort)> Asked { get; } = new();

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch)
    {
        Asked.Enqueue((datagram.Direction, datagram.Length, datagram.Service.Port));
        return DatagramVerdict.Pass;
    }
}
