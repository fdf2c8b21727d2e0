using System.Net;
using System.Net.Sockets;
using System.Text;
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

    private static readonly IReadOnlyList<string> HopByHopHeaders = ["Proxy-Connection", "Proxy-Authorization", "Connection", "Keep-Alive"];

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
            var head = await ReadHeadAsync(client, stopping);
            if (head is null)
            {
                await ReplyAsync(client, 400, "Bad Request", "the request head did not arrive complete", stopping);
                return;
            }
            await RelayAsync(client, head, stopping);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _log.LogDebug("proxy connection from {Client} ended: {Reason}", client.RemoteEndPoint, e.Message);
        }
    }

    private async Task RelayAsync(Socket client, byte[] headBytes, CancellationToken stopping)
    {
        var headEnd = IndexOfHeadEnd(headBytes);
        var head = Encoding.Latin1.GetString(headBytes, 0, headEnd);
        var afterHead = headBytes.AsMemory(headEnd + 4);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            await ReplyAsync(client, 400, "Bad Request", $"'{lines[0]}' is not an HTTP/1.x request line", stopping);
            return;
        }
        var (method, target) = (requestLine[0], requestLine[1]);
        var connect = method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase);
        string host;
        int port;
        string? pathAndQuery = null;
        if (connect)
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), out port) || port is < 1 or > 65535)
            {
                await ReplyAsync(client, 400, "Bad Request", $"CONNECT target '{target}' is not host:port", stopping);
                return;
            }
            host = target[..colon];
        }
        else if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp)
        {
            (host, port, pathAndQuery) = (uri.Host, uri.Port, uri.PathAndQuery);
        }
        else
        {
            await ReplyAsync(client, 400, "Bad Request", "this is a proxy: send CONNECT host:port or an absolute http:// URL", stopping);
            return;
        }

        var dialled = await _dialer.DialAsync(host, port, Transport.Tcp, stopping);
        if (dialled.Socket is not { } origin)
        {
            _log.LogInformation("proxy {Method} {Host}:{Port} failed: {Reason}", method, host, port, dialled.FailureReason);
            await ReplyAsync(client, dialled.FailureReason!.Contains("timed out") ? 504 : 502,
                dialled.FailureReason.Contains("timed out") ? "Gateway Timeout" : "Bad Gateway", $"{host}:{port}: {dialled.FailureReason}", stopping);
            return;
        }
        using (origin)
        {
            Interlocked.Increment(ref _requests);
            if (connect)
            {
                await client.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), SocketFlags.None, stopping);
                if (port == SslInspector.InspectedPort && _inspector?.PolicyForNewConnection(host) is { } policy)
                {
                    await InspectOrSpliceAsync(client, origin, afterHead, host, _inspector, policy, stopping);
                    return;
                }
                if (!afterHead.IsEmpty) await origin.SendAsync(afterHead, SocketFlags.None, stopping);
            }
            else
            {
                var rewritten = new StringBuilder($"{method} {pathAndQuery} {requestLine[2]}\r\n");
                foreach (var line in lines.Skip(1).Where(l => l.Length > 0 && !HopByHopHeaders.Any(h => l.StartsWith(h + ":", StringComparison.OrdinalIgnoreCase))))
                    rewritten.Append(line).Append("\r\n");
                if (!lines.Skip(1).Any(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
                    rewritten.Append("Host: ").Append(port == 80 ? host : $"{host}:{port}").Append("\r\n");
                // One request per connection keeps the relay a plain byte splice.
                rewritten.Append("Connection: close\r\n\r\n");
                await origin.SendAsync(Encoding.Latin1.GetBytes(rewritten.ToString()), SocketFlags.None, stopping);
                if (!afterHead.IsEmpty) await origin.SendAsync(afterHead, SocketFlags.None, stopping);
            }
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

    /// <summary>The bytes up to and past the blank line ending the head, or null if it did not come in time.</summary>
    private static async Task<byte[]?> ReadHeadAsync(Socket client, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(RequestHeadTimeout);
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, deadline.Token);
                if (read == 0) return null;
                filled += read;
                if (IndexOfHeadEnd(buffer.AsSpan(0, filled)) >= 0) return buffer[..filled];
            }
            return null;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    private static int IndexOfHeadEnd(ReadOnlySpan<byte> bytes) => bytes.IndexOf("\r\n\r\n"u8);

    private static async Task ReplyAsync(Socket client, int status, string phrase, string reason, CancellationToken stopping)
    {
        var body = reason + "\n";
        var response = $"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nX-FaultLab-Reason: {reason.Replace("\r", " ").Replace("\n", " ")}\r\n" +
                       $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await client.SendAsync(Encoding.UTF8.GetBytes(response), SocketFlags.None, stopping);
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
