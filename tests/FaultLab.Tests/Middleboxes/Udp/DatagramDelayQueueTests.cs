using System.Net;
using System.Threading.Channels;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Udp;

namespace FaultLab.Tests.Middleboxes.Udp;

public sealed class DatagramDelayQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static UdpFlow AnyFlow()
    {
        var client = new IPEndPoint(IPAddress.Loopback, 40000).Serialize();
        // The discard port: the flow's socket is never used to send here.
        return new UdpFlow(client, new IPEndPoint(IPAddress.Loopback, 9), 65536, 0);
    }

    [Test]
    public async Task HeldDatagrams_LeaveInDueOrder_WithTiesInArrivalOrder()
    {
        using var flow = AnyFlow();
        var sent = Channel.CreateUnbounded<byte>();
        using var queue = new DatagramDelayQueue(TimeProvider.System, d => sent.Writer.TryWrite(d.Buffer[0]));

        queue.Enqueue(flow, FlowDirection.ToNode, [1], TimeSpan.FromMilliseconds(150));
        queue.Enqueue(flow, FlowDirection.ToNode, [2], TimeSpan.FromMilliseconds(30));
        queue.Enqueue(flow, FlowDirection.ToNode, [3], TimeSpan.FromMilliseconds(30));

        var order = new List<byte>();
        for (var i = 0; i < 3; i++) order.Add(await sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.That(order, Is.EqualTo(new byte[] { 2, 3, 1 }));
    }

    [Test]
    public void Dispose_SendsEverythingStillHeld_AtOnceAndInOrder()
    {
        using var flow = AnyFlow();
        var sent = new List<byte>();
        var queue = new DatagramDelayQueue(TimeProvider.System, d => sent.Add(d.Buffer[0]));
        queue.Enqueue(flow, FlowDirection.ToClient, [1], TimeSpan.FromMinutes(10));
        queue.Enqueue(flow, FlowDirection.ToClient, [2], TimeSpan.FromMinutes(10));
        Assert.That(queue.Count, Is.EqualTo(2));

        queue.Dispose();

        Assert.That(sent, Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void AfterDispose_ADatagramIsSentAtOnceRatherThanHeld()
    {
        using var flow = AnyFlow();
        var sent = new List<byte>();
        var queue = new DatagramDelayQueue(TimeProvider.System, d => sent.Add(d.Buffer[0]));
        queue.Dispose();

        queue.Enqueue(flow, FlowDirection.ToNode, [7], TimeSpan.FromMinutes(10));

        Assert.That(sent, Is.EqualTo(new byte[] { 7 }));
    }
}
