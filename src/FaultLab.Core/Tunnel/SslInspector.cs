using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FaultLab.Pki;
using Microsoft.Extensions.Logging;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's SSL inspection of tunnelled and proxied HTTPS: reads the client's ClientHello for
/// the server name, asks the policy whether to inspect it, and if so terminates TLS toward the
/// client with a leaf from the edge inspection CA, opens TLS to the real origin (validated against
/// the origin roots the edge trusts) and pumps the plaintext between the two.
/// </summary>
public sealed class SslInspector
{
    /// <summary>The only port whose connections the edge inspects.</summary>
    public const int InspectedPort = 443;

    /// <summary>How long the edge waits for a client's first bytes before passing the connection through as not TLS.</summary>
    public static readonly TimeSpan ClientHelloWait = TimeSpan.FromSeconds(5);

    /// <summary>How long each of the two TLS handshakes (to the origin, to the client) may take.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private const int FirstPeekBytes = 4 * 1024;
    private const int PumpBufferBytes = 16 * 1024;

    private readonly CertificateAuthority _issuer;
    private readonly X509Certificate2Collection _originRoots;
    private readonly Func<JsonObject> _policyProvider;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, SslStreamCertificateContext> _leafContexts = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="issuer">Signs the leaves the client sees (the edge inspection CA).</param>
    /// <param name="originRoots">Roots an origin's chain must end at (the lab root, the pinned origin CA).</param>
    /// <param name="policyProvider">The admin portal's policy; read once per connection.</param>
    /// <param name="log">Where decisions and failures are logged.</param>
    public SslInspector(CertificateAuthority issuer, IEnumerable<X509Certificate2> originRoots, Func<JsonObject> policyProvider, ILogger log)
    {
        _issuer = issuer;
        _originRoots = [.. originRoots];
        _policyProvider = policyProvider;
        _log = log;
    }

    /// <summary>What the inspection decided per host, and its failures.</summary>
    public SslInspectionCounters Counters { get; } = new();

    /// <summary>The sslInspection section of the policy as it is now.</summary>
    public SslInspectionPolicy CurrentPolicy()
    {
        var policy = SslInspectionPolicy.From(_policyProvider());
        foreach (var problem in policy.Problems) _log.LogWarning("policy: {Problem}", problem);
        return policy;
    }

    /// <summary>
    /// The policy to decide a new connection to <paramref name="requestedHost"/> with, or null when
    /// inspection is off (the connection is then counted as bypassed and passed through unread).
    /// </summary>
    internal SslInspectionPolicy? PolicyForNewConnection(string requestedHost)
    {
        var policy = CurrentPolicy();
        if (policy.Enabled) return policy;
        Counters.CountBypassed(requestedHost.TrimEnd('.').ToLowerInvariant());
        return null;
    }

    /// <summary>
    /// Reads the client's first bytes until they are a whole ClientHello, something else, or nothing
    /// came within <see cref="ClientHelloWait"/>. <paramref name="alreadyReceived"/> were read before (after a CONNECT head).
    /// </summary>
    internal async Task<PeekedClientBytes> PeekAsync(Stream client, ReadOnlyMemory<byte> alreadyReceived, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Max(FirstPeekBytes, alreadyReceived.Length)];
        alreadyReceived.CopyTo(buffer);
        var filled = alreadyReceived.Length;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(ClientHelloWait);
        while (true)
        {
            var status = ClientHelloPeek.TryRead(buffer.AsSpan(0, filled), out var serverName);
            if (status != ClientHelloPeekStatus.Incomplete) return new PeekedClientBytes(buffer.AsMemory(0, filled), status, serverName);
            if (filled == buffer.Length)
            {
                if (buffer.Length >= ClientHelloPeek.MaxHelloBytes) return new PeekedClientBytes(buffer.AsMemory(0, filled), ClientHelloPeekStatus.NotTls, null);
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, ClientHelloPeek.MaxHelloBytes));
            }
            int read;
            try
            {
                read = await client.ReadAsync(buffer.AsMemory(filled), wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                read = 0;      // a client that does not speak first is not starting TLS
            }
            if (read == 0) return new PeekedClientBytes(buffer.AsMemory(0, filled), ClientHelloPeekStatus.NotTls, null);
            filled += read;
        }
    }

    /// <summary>
    /// Decides for one peeked connection and counts the decision: true to inspect it as
    /// <paramref name="serverName"/> (the SNI, or <paramref name="requestedHost"/> without one).
    /// </summary>
    internal bool Decide(PeekedClientBytes peeked, string requestedHost, SslInspectionPolicy policy, out string serverName)
    {
        serverName = peeked.ServerName ?? requestedHost.TrimEnd('.').ToLowerInvariant();
        if (peeked.Status != ClientHelloPeekStatus.Complete)
        {
            Counters.CountNotTls();
            return false;
        }
        if (!policy.Inspects(serverName))
        {
            Counters.CountBypassed(serverName);
            _log.LogDebug("ssl inspection: {Host} passed through ({Why})", serverName, policy.Enabled ? "bypass list" : "inspection off");
            return false;
        }
        Counters.CountInspected(serverName);
        return true;
    }

    /// <summary>
    /// Inspects one connection: TLS to the origin first (so a bad origin never gets a forged
    /// certificate in front of it), then TLS toward the client, then plaintext both ways until the
    /// origin ends. Returns when the exchange is over; the caller closes both ends.
    /// </summary>
    internal async Task InspectAsync(Stream client, PeekedClientBytes peeked, Socket origin, string serverName, CancellationToken cancellationToken)
    {
        await using var originBytes = new NetworkStream(origin, ownsSocket: false);
        await using var upstream = new SslStream(originBytes, leaveInnerStreamOpen: true);
        await using var downstream = new SslStream(new PrefixedReadStream(peeked.Bytes, client), leaveInnerStreamOpen: true);

        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            handshake.CancelAfter(HandshakeTimeout);
            if (await OriginHandshakeFailureAsync(upstream, serverName, handshake.Token, cancellationToken) is { } failure)
            {
                var reason = $"{serverName}: {failure}";
                Counters.CountUpstreamFailure(reason);
                _log.LogInformation("ssl inspection: closed the client side: {Reason}", reason);
                return;
            }
            try
            {
                await downstream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = LeafContextFor(serverName),
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, handshake.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var reason = $"{serverName}: client handshake failed: {(e is OperationCanceledException ? $"no handshake within {HandshakeTimeout.TotalSeconds:0} s" : e.Message)}";
                Counters.CountClientHandshakeFailure(reason);
                _log.LogInformation("ssl inspection: {Reason}", reason);
                return;
            }
        }

        using var exchange = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toOrigin = PumpAsync(downstream, upstream, endsExchange: false, exchange);
        var toClient = PumpAsync(upstream, downstream, endsExchange: true, exchange);
        await Task.WhenAll(toOrigin, toClient);
    }

    /// <summary>Null when TLS to the origin is up and its chain validated; otherwise why not.</summary>
    private async Task<string?> OriginHandshakeFailureAsync(SslStream upstream, string serverName, CancellationToken handshakeToken, CancellationToken cancellationToken)
    {
        string? rejected = null;
        try
        {
            var originTrust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            originTrust.CustomTrustStore.AddRange(_originRoots);
            await upstream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                CertificateChainPolicy = originTrust,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (errors == SslPolicyErrors.None) return true;
                    rejected = DescribeRejection(certificate, chain, errors);
                    return false;
                },
            }, handshakeToken);
            return null;
        }
        catch (AuthenticationException e)
        {
            return rejected ?? $"TLS to the origin failed: {e.Message}";
        }
        catch (IOException e)
        {
            return $"TLS to the origin failed: {e.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the origin did not complete TLS within {HandshakeTimeout.TotalSeconds:0} s";
        }
    }

    private static string DescribeRejection(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var issuer = certificate?.Issuer ?? "no certificate";
        var statuses = chain?.ChainStatus is { Length: > 0 } s ? $" ({string.Join(", ", s.Select(c => c.Status))})" : "";
        return $"origin certificate rejected: {errors}{statuses}, issuer {issuer}";
    }

    private SslStreamCertificateContext LeafContextFor(string serverName) =>
        _leafContexts.GetOrAdd(serverName, name => SslStreamCertificateContext.Create(_issuer.LeafFor(name), _issuer.IntermediatesForServer(), offline: true));

    /// <summary>
    /// Copies plaintext one way. At the end of its input it sends close_notify onward; the
    /// origin-to-client direction (or any failure) then ends the whole exchange, as a tunnel stream ends when its origin does.
    /// </summary>
    private async Task PumpAsync(SslStream from, SslStream to, bool endsExchange, CancellationTokenSource exchange)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PumpBufferBytes);
        var token = exchange.Token;
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, token)) > 0)
                await to.WriteAsync(buffer.AsMemory(0, read), token);
            await to.ShutdownAsync();
            if (endsExchange) await exchange.CancelAsync();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The other direction ended the exchange.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or AuthenticationException)
        {
            _log.LogDebug("ssl inspection: a direction ended: {Reason}", e.Message);
            await exchange.CancelAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
