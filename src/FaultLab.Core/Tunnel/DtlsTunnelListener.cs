using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's DTLS endpoint: one UDP socket, demultiplexed by remote endpoint into one datagram
/// transport per client. A new client must first echo a stateless cookie (HelloVerifyRequest),
/// so spoofed ClientHellos cost the edge nothing; then the handshake runs on its own thread
/// (BouncyCastle blocks) and the session runs on the frames that follow.
/// </summary>
internal sealed class DtlsTunnelListener : IAsyncDisposable
{
    /// <summary>How long a client may take to finish the handshake once its cookie was accepted.</summary>
    public static readonly TimeSpan ServerHandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly TunnelServerCertificates _certificates;
    private readonly TunnelSessionHandler _runSession;
    private readonly TunnelServerCounters _counters;
    private readonly ILogger _log;
    private readonly int _mtu;
    private readonly DtlsVerifier _cookies = new(new BcTlsCrypto(new SecureRandom()));
    private readonly ConcurrentDictionary<IPEndPoint, QueuedDatagramTransport> _associations = new();
    private readonly BackgroundWork _sessions;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;

    private DtlsTunnelListener(Socket socket, TunnelServerCertificates certificates, int mtu, TunnelSessionHandler runSession, TunnelServerCounters counters, ILogger log)
    {
        _socket = socket;
        _certificates = certificates;
        _mtu = mtu;
        _runSession = runSession;
        _counters = counters;
        _log = log;
        _sessions = new BackgroundWork(log);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _receiveLoop = ReceiveLoopAsync();
    }

    public IPEndPoint LocalEndPoint { get; }

    public static DtlsTunnelListener Start(IPAddress bindAddress, TunnelServerCertificates certificates, int mtu, TunnelSessionHandler runSession, TunnelServerCounters counters, ILogger log)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(bindAddress, 0));
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }
        return new DtlsTunnelListener(socket, certificates, mtu, runSession, counters, log);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ushort.MaxValue];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
            {
                continue;     // an ICMP error or an oversized datagram: UDP goes on
            }
            var remote = (IPEndPoint)received.RemoteEndPoint;
            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            if (_associations.TryGetValue(remote, out var association))
                association.Offer(datagram);
            else
                AcceptNewClient(remote, datagram);
        }
    }

    private void AcceptNewClient(IPEndPoint remote, byte[] datagram)
    {
        var reply = new QueuedDatagramTransport(_socket, remote, _mtu);
        DtlsRequest? request;
        try
        {
            request = _cookies.VerifyRequest(remote.Serialize().Buffer.ToArray(), datagram, 0, datagram.Length, reply);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            _counters.StrayDatagram();
            _log.LogDebug("DTLS {Peer}: unreadable first datagram: {Reason}", remote, e.Message);
            return;
        }
        if (request is null)
        {
            // Either a HelloVerifyRequest went back, or this was not a ClientHello at all.
            return;
        }
        var association = new QueuedDatagramTransport(_socket, remote, _mtu);
        if (!_associations.TryAdd(remote, association)) return;
        association.Closed += closed => _associations.TryRemove(new KeyValuePair<IPEndPoint, QueuedDatagramTransport>(remote, closed));
        _sessions.Track(ServeAsync(remote, association, request), $"DTLS session with {remote}");
    }

    private async Task ServeAsync(IPEndPoint remote, QueuedDatagramTransport association, DtlsRequest request)
    {
        var peer = $"DTLS {remote}";
        var server = new EdgeDtlsServer(new BcTlsCrypto(new SecureRandom()), _certificates, ServerHandshakeTimeout, _log, peer);
        using var stopHandshake = _stop.Token.Register(() => association.Fail("the edge is stopping"));
        DtlsTransport dtls;
        try
        {
            dtls = await Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(server, association, request),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (IOException e)
        {
            var reason = $"{peer}: handshake failed: {DescribeHandshakeFailure(e, association)}";
            _counters.HandshakeFailed(reason);
            _log.LogInformation("{Reason}", reason);
            association.Fail(reason);
            return;
        }
        _log.LogInformation("{Peer}: DTLS 1.2 established (SNI {Sni})", peer, server.RequestedServerName ?? "none");
        await using var frames = new DtlsFrameTransport(dtls, association, peer);
        try
        {
            await _runSession(frames, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _log.LogDebug("{Peer}: closed because the edge is stopping", peer);
        }
    }

    private static string DescribeHandshakeFailure(IOException e, QueuedDatagramTransport association) => e switch
    {
        TlsTimeoutException => $"the client went silent ({e.Message})",
        TlsFatalAlertReceived r => $"the client sent the alert {AlertDescription.GetText(r.AlertDescription)}",
        TlsFatalAlert a => $"{AlertDescription.GetText(a.AlertDescription)}: {a.Message}",
        _ => association.CloseReason ?? e.Message,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sessions.WhenAllEndedAsync();
        _socket.Dispose();
        await _receiveLoop;
        _stop.Dispose();
    }
}
