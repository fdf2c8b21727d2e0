using System.Net;
using System.Net.Sockets;
using FaultLab.Proxy;
using FaultLab.Tunnel;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// The edge's explicit HTTP proxy (the ports a PAC file names, e.g. "PROXY gateway.edge.lab:9400").
/// CONNECT is handled on the raw connection, since Kestrel does not implement it; an absolute-form
/// request (GET http://host/path) is rewritten to origin form and relayed. Origins are dialled
/// through the directory from the edge's egress address, so the ip-check page sees the edge.
/// </summary>
internal sealed class EdgeHttpProxy : IAsyncDisposable
{
    /// <summary>How long a client may take to send its request head.</summary>
    public static readonly TimeSpan RequestHeadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Largest request head accepted.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    private readonly OriginDialer _dialer;
    private readonly SslInspector? _inspector;
    private readonly ILogger _log;
    private readonly TcpConnectionListener _listener;
    private int _requests;

    private EdgeHttpProxy(IPAddress bindAddress, int labPort, OriginDialer dialer, SslInspector? inspector, ILogger log)
    {
        _dialer = dialer;
        _inspector = inspector;
        _log = log;
        _listener = TcpConnectionListener.Start(bindAddress, $"proxy port {labPort}", ServeAsync, log);
    }

    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Requests (CONNECT or absolute-form) the proxy relayed.</summary>
    public int RequestsRelayed => Volatile.Read(ref _requests);

    /// <summary>
    /// Listens on a new port of <paramref name="bindAddress"/>; <paramref name="labPort"/> is the port the lab knows it by (9400, 9480, 80), for logs.
    /// With an <paramref name="inspector"/>, a CONNECT to port 443 is inspected as the policy says.
    /// </summary>
    public static EdgeHttpProxy Start(IPAddress bindAddress, int labPort, OriginDialer dialer, ILogger log, SslInspector? inspector = null) =>
        new(bindAddress, labPort, dialer, inspector, log);

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            var head = await ReadHeadAsync(stream, stopping);
            if (head is null)
            {
                await stream.WriteAsync(ProxyRefusal.BadRequest("the request head did not arrive complete").ToResponse(), stopping);
                return;
            }
            if (ProxyRequest.Parse(head, out var refusal) is not { } request)
            {
                await stream.WriteAsync(refusal!.ToResponse(), stopping);
                return;
            }
            await RelayAsync(client, stream, request, head.AfterHead, stopping);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _log.LogDebug("proxy connection from {Client} ended: {Reason}", client.RemoteEndPoint, e.Message);
        }
    }

    private async Task RelayAsync(Socket client, NetworkStream stream, ProxyRequest request, ReadOnlyMemory<byte> afterHead, CancellationToken stopping)
    {
        var (host, port) = (request.Host, request.Port);
        var dialled = await _dialer.DialAsync(host, port, Transport.Tcp, stopping);
        if (dialled.Socket is not { } origin)
        {
            _log.LogInformation("proxy {Method} {Host}:{Port} failed: {Reason}", request.Method, host, port, dialled.FailureReason);
            var reason = $"{host}:{port}: {dialled.FailureReason}";
            await stream.WriteAsync((dialled.FailureReason!.Contains("timed out") ? ProxyRefusal.GatewayTimeout(reason) : ProxyRefusal.BadGateway(reason)).ToResponse(), stopping);
            return;
        }
        using (origin)
        {
            Interlocked.Increment(ref _requests);
            if (request.IsConnect)
            {
                await client.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), SocketFlags.None, stopping);
                if (port == SslInspector.InspectedPort && _inspector?.PolicyForNewConnection(host) is { } policy)
                {
                    await InspectOrSpliceAsync(client, origin, afterHead, host, _inspector, policy, stopping);
                    return;
                }
            }
            else
            {
                await origin.SendAsync(request.OriginFormHead(), SocketFlags.None, stopping);
            }
            if (!afterHead.IsEmpty) await origin.SendAsync(afterHead, SocketFlags.None, stopping);
            await SocketSplice.RunAsync(client, origin, stopping);
        }
    }

    /// <summary>Reads the tunnelled ClientHello and either inspects the connection or splices it untouched.</summary>
    private async Task InspectOrSpliceAsync(Socket client, Socket origin, ReadOnlyMemory<byte> afterHead, string host, SslInspector inspector,
        SslInspectionPolicy policy, CancellationToken stopping)
    {
        await using var clientBytes = new NetworkStream(client, ownsSocket: false);
        var peeked = await inspector.PeekAsync(clientBytes, afterHead, stopping);
        if (!inspector.Decide(peeked, host, policy, out var serverName))
        {
            if (!peeked.Bytes.IsEmpty) await origin.SendAsync(peeked.Bytes, SocketFlags.None, stopping);
            await SocketSplice.RunAsync(client, origin, stopping);
            return;
        }
        try
        {
            await inspector.InspectAsync(clientBytes, peeked, origin, serverName, stopping);
        }
        catch (IOException e)
        {
            _log.LogDebug("proxy CONNECT {Host}: inspected exchange failed: {Reason}", serverName, e.Message);
        }
    }

    /// <summary>The request head, or null if it did not come complete and in time.</summary>
    private static async Task<HttpHead?> ReadHeadAsync(NetworkStream client, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(RequestHeadTimeout);
        try
        {
            var head = await HttpHeadReader.ReadAsync(client, MaxHeadBytes, deadline.Token);
            return head.Outcome == HttpHeadOutcome.Complete ? head : null;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
