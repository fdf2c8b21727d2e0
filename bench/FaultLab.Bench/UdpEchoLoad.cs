using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FaultLab.Bench;

/// <summary>
/// Closed-loop UDP load: each client keeps a window of requests in flight and sends a new one for
/// every echo it gets, so the rate is what the path sustains rather than what the sender can push.
/// A window lost to a full socket buffer is refilled after <see cref="RefillAfter"/>.
/// </summary>
internal sealed class UdpEchoLoad(IPEndPoint target, int datagramBytes, BenchSettings settings)
{
    private static readonly TimeSpan RefillAfter = TimeSpan.FromMilliseconds(200);
    private long _echoes;
    private long _refills;
    private volatile bool _stop;

    /// <summary>Runs the load; <paramref name="counter"/> (e.g. a relay's own count) is sampled over the same measured window.</summary>
    public async Task<UdpEchoLoadResult> RunAsync(Func<long> counter)
    {
        var threads = Enumerable.Range(0, settings.Clients).Select(i => new Thread(Client) { IsBackground = true, Name = $"udp client {i}" }).ToArray();
        foreach (var thread in threads) thread.Start();
        // The load runs on its own threads; this only marks the edges of the measured window.
        await Task.Delay(settings.WarmUp);
        using var process = Process.GetCurrentProcess();
        var (echoesAtStart, counterAtStart, cpuAtStart) = (Interlocked.Read(ref _echoes), counter(), process.TotalProcessorTime);
        var watch = Stopwatch.StartNew();
        await Task.Delay(settings.Duration);
        process.Refresh();
        var (echoes, counted, cpu) = (Interlocked.Read(ref _echoes) - echoesAtStart, counter() - counterAtStart, process.TotalProcessorTime - cpuAtStart);
        var elapsed = watch.Elapsed.TotalSeconds;
        _stop = true;
        foreach (var thread in threads) thread.Join();
        return new UdpEchoLoadResult(echoes / elapsed, counted / elapsed, cpu.TotalMicroseconds / Math.Max(1, echoes), Interlocked.Read(ref _refills));
    }

    private void Client()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveTimeout = (int)RefillAfter.TotalMilliseconds,
        };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(target);
        var request = new byte[datagramBytes];
        var reply = new byte[65536];
        for (var i = 0; i < settings.Window; i++) socket.Send(request);
        while (!_stop)
        {
            try
            {
                socket.Receive(reply);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                Interlocked.Increment(ref _refills);
                for (var i = 0; i < settings.Window; i++) socket.Send(request);
                continue;
            }
            Interlocked.Increment(ref _echoes);
            socket.Send(request);
        }
    }
}
