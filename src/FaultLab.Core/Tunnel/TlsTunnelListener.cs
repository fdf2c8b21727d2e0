using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's TLS endpoint (the fallback when UDP 443 is blocked): TLS on TCP with the edge's
/// certificate chosen by SNI, then length-prefixed frames on the TLS stream.
/// </summary>
internal sealed class TlsTunnelListener : IAsyncDisposable
{
    /// <summary>How long a client may take to finish the TLS handshake.</summary>
    public static readonly TimeSpan ServerHandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly TunnelServerCertificates _certificates;
    private readonly TunnelSessionHandler _runSession;
    private readonly TunnelServerCounters _counters;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private TlsTunnelListener(Socket listener, TunnelServerCertificates certificates, TunnelSessionHandler runSession, TunnelServerCounters counters, ILogger log)
    {
        _listener = listener;
        _certificates = certificates;
        _runSession = runSession;
        _counters = counters;
        _log = log;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint LocalEndPoint { get; }

    public static TlsTunnelListener Start(IPAddress bindAddress, TunnelServerCertificates certificates, TunnelSessionHandler runSession, TunnelServerCounters counters, ILogger log)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(bindAddress, 0));
            listener.Listen(128);
        }
        catch (SocketException)
        {
            listener.Dispose();
            throw;
        }
        return new TlsTunnelListener(listener, certificates, runSession, counters, log);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.LogInformation("TLS tunnel accept failed: {Error}", e.SocketErrorCode);
                continue;
            }
            Track(ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var peer = $"TLS {client.RemoteEndPoint}";
        client.NoDelay = true;
        var tls = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        await using var frames = new StreamFrameTransport(tls, peer);
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            handshake.CancelAfter(ServerHandshakeTimeout);
            try
            {
                await tls.AuthenticateAsServerAsync(
                    (_, hello, _, _) => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = _certificates.TlsContextFor(string.IsNullOrEmpty(hello.ServerName) ? null : hello.ServerName),
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    }),
                    null, handshake.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested) return;
                var reason = $"{peer}: handshake failed: {(e is OperationCanceledException ? $"no ClientHello/Finished within {ServerHandshakeTimeout.TotalSeconds:0} s" : e.Message)}";
                _counters.HandshakeFailed(reason);
                _log.LogInformation("{Reason}", reason);
                return;
            }
        }
        _log.LogInformation("{Peer}: {Protocol} established (SNI {Sni})", peer, tls.SslProtocol, tls.TargetHostName);
        try
        {
            await _runSession(frames, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The edge is stopping; disposing the stream closes the connection.
        }
    }

    private void Track(Task task)
    {
        _connections.TryAdd(task, true);
        task.ContinueWith(t =>
        {
            _connections.TryRemove(t, out _);
            if (t.Exception is { } error) _log.LogError(error, "TLS tunnel connection failed unexpectedly");
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys);
        _stop.Dispose();
    }
}
