using System.Net;
using System.Net.Sockets;
using FaultLab.Tunnel;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Tunnel;

public sealed class TcpConnectionListenerTests
{
    [Test]
    public async Task ConnectionsServedAtOnce_DoNotStopTheListenerAccepting()
    {
        var served = 0;
        await using var listener = TcpConnectionListener.Start(IPAddress.Loopback, "test", (_, _) =>
        {
            // Served synchronously: the socket is closed before the accept loop gets control back.
            Interlocked.Increment(ref served);
            return Task.CompletedTask;
        }, NullLogger.Instance);

        for (var i = 0; i < 5; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(listener.LocalEndPoint, timeout.Token);
            // The server closes at once: the read sees the end of the stream.
            Assert.That(await client.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token), Is.Zero);
        }
        Assert.That(served, Is.EqualTo(5));
    }
}
