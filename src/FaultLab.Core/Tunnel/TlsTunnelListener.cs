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

    private readonly TunnelServerCertificates _certificates;
    private readonly TunnelSessionHandler _runSession;
    private readonly TunnelServerCounters _counters;
    private readonly ILogger _log;
    private readonly TcpConnectionListener _listener;

    private TlsTunnelListener(IPAddress bindAddress, TunnelServerCertificates certificates, TunnelSessionHandler runSession, TunnelServerCounters counters, ILogger log)
    {
        _certificates = certificates;
        _runSession = runSession;
        _counters = counters;
        _log = log;
        _listener = TcpConnectionListener.Start(bindAddress, "TLS tunnel", ServeAsync, log);
    }

    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    public static TlsTunnelListener Start(IPAddress bindAddress, TunnelServerCertificates certificates, TunnelSessionHandler runSession, TunnelServerCounters counters, ILogger log) =>
        new(bindAddress, certificates, runSession, counters, log);

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        var peer = $"TLS {client.RemoteEndPoint}";
        var tls = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        await using var frames = new StreamFrameTransport(tls, peer);
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping))
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
                if (stopping.IsCancellationRequested) return;
                var reason = $"{peer}: handshake failed: {(e is OperationCanceledException ? $"not finished within {ServerHandshakeTimeout.TotalSeconds:0} s" : e.Message)}";
                _counters.HandshakeFailed(reason);
                _log.LogInformation("{Reason}", reason);
                return;
            }
        }
        _log.LogInformation("{Peer}: {Protocol} established (SNI {Sni})", peer, tls.SslProtocol, tls.TargetHostName);
        try
        {
            await _runSession(frames, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _log.LogDebug("{Peer}: closed because the edge is stopping", peer);
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
