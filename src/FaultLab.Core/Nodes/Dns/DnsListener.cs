using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace FaultLab.Nodes.Dns;

/// <summary>
/// One resolver of the DNS node: an ARSoft DNS server on UDP and TCP sharing one port, as dig
/// expects (`+tcp` goes to the same port as UDP).
/// </summary>
internal sealed class DnsListener : IDisposable
{
    private const int MaxPortAttempts = 8;
    private const int TransportTimeoutMs = 5000;
    private const int TcpKeepAliveMs = 5000;

    private readonly DnsServer _server;

    private DnsListener(DnsServer server, IPEndPoint endPoint)
    {
        _server = server;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>
    /// Starts a server on a port free for both UDP and TCP. The library binds its own sockets, so the
    /// port is found first and the start retried when another process takes it in between.
    /// </summary>
    public static DnsListener Start(
        IPAddress bindAddress,
        SilencedResponses silenced,
        AsyncEventHandler<QueryReceivedEventArgs> onQuery,
        AsyncEventHandler<ExceptionEventArgs> onException)
    {
        SocketException? lastFailure = null;
        for (var attempt = 0; attempt < MaxPortAttempts; attempt++)
        {
            var endPoint = new IPEndPoint(bindAddress, FindPortFreeForUdpAndTcp(bindAddress));
            var server = new DnsServer(
                new SilencingServerTransport(new UdpServerTransport(endPoint, TransportTimeoutMs), silenced),
                new SilencingServerTransport(new TcpServerTransport(endPoint, TransportTimeoutMs, TcpKeepAliveMs), silenced));
            server.QueryReceived += onQuery;
            server.ExceptionThrown += onException;
            try
            {
                server.Start();
                return new DnsListener(server, endPoint);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                lastFailure = e;
                server.Stop();
                ((IDisposable)server).Dispose();
            }
        }
        throw new InvalidOperationException(
            $"DNS: no port free for both UDP and TCP on {bindAddress} after {MaxPortAttempts} attempts", lastFailure);
    }

    private static int FindPortFreeForUdpAndTcp(IPAddress bindAddress)
    {
        for (var attempt = 0; attempt < MaxPortAttempts; attempt++)
            if (TryPortFreeForUdpAndTcp(bindAddress) is { } port) return port;
        throw new InvalidOperationException($"DNS: found no port free for both UDP and TCP on {bindAddress}");
    }

    /// <summary>A TCP port the OS picked, when its UDP twin is free as well; null otherwise.</summary>
    private static int? TryPortFreeForUdpAndTcp(IPAddress bindAddress)
    {
        using var tcp = new Socket(bindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(bindAddress, 0));
        var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
        using var udp = new Socket(bindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.Bind(new IPEndPoint(bindAddress, port));
            return port;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            _server.Stop();
            ((IDisposable)_server).Dispose();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(x => x is OperationCanceledException))
        {
            // Stopping cancels the library's pending receives; their cancellation is the stop itself.
        }
    }
}
