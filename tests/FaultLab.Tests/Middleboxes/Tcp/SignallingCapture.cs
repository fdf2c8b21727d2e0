using System.Net;
using FaultLab.Capture;
using FaultLab.Middleboxes;

namespace FaultLab.Tests.Middleboxes.Tcp;

/// <summary>A capture that records nothing and only tells a test when the relay has read payload bytes.</summary>
internal sealed class SignallingCapture(TaskCompletionSource dataRead) : IFlowCapture, ICapturedConnection
{
    public void RecordDatagram(FlowDirection direction, IPEndPoint client, IPEndPoint node, ReadOnlySpan<byte> payload) => dataRead.TrySetResult();

    public ICapturedConnection RecordConnected(IPEndPoint client, IPEndPoint node) => this;

    public void RecordRefused(IPEndPoint client, IPEndPoint node)
    {
        // Refusals carry no payload; nothing to signal.
    }

    public void RecordData(FlowDirection direction, ReadOnlySpan<byte> payload) => dataRead.TrySetResult();

    public void RecordClose(FlowDirection direction)
    {
        // Only payload matters to the tests that use this.
    }

    public void RecordReset(FlowDirection direction)
    {
        // Only payload matters to the tests that use this.
    }
}
