using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Proxy;

namespace FaultLab.Agent.LocalProxy;

/// <summary>
/// How an app honouring the laptop's system proxy reaches a web destination: it connects to the
/// local proxy from the laptop's address and asks <c>CONNECT host:port</c>; after
/// <c>200 Connection established</c> the connection carries the app's own bytes (TLS or plain HTTP).
/// </summary>
public static class SystemProxyConnector
{
    /// <summary>Largest response head read from the proxy.</summary>
    private const int MaxHeadBytes = 16 * 1024;

    /// <summary>A connector for <see cref="LaptopHttp"/> and other apps that goes through the proxy at <paramref name="proxy"/>.</summary>
    public static StreamConnector Through(IPAddress laptopAddress, IPEndPoint proxy) =>
        (host, port, cancellationToken) => ConnectAsync(laptopAddress, proxy, host, port, cancellationToken);

    /// <summary>A stream to <paramref name="host"/>:<paramref name="port"/> through the proxy; throws <see cref="LocalProxyRefusedException"/> with the proxy's reason when it refuses.</summary>
    public static async ValueTask<Stream> ConnectAsync(IPAddress laptopAddress, IPEndPoint proxy, string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var stream = (NetworkStream?)null;
        try
        {
            socket.Bind(new IPEndPoint(laptopAddress, 0));
            await socket.ConnectAsync(proxy, cancellationToken);
            stream = new NetworkStream(socket, ownsSocket: true);
            var destination = $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {destination} HTTP/1.1\r\nHost: {destination}\r\nUser-Agent: FaultLab-Laptop\r\n\r\n"), cancellationToken);
            var head = await HttpHeadReader.ReadAsync(stream, MaxHeadBytes, cancellationToken);
            if (head.Outcome != HttpHeadOutcome.Complete)
                throw new IOException($"the local proxy {proxy} closed the connection without answering CONNECT {destination}");
            var status = head.Lines[0].Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], CultureInfo.InvariantCulture, out var code))
                throw new IOException($"the local proxy {proxy} answered CONNECT {destination} with '{head.Lines[0]}', not an HTTP status line");
            if (code is < 200 or > 299)
                throw new LocalProxyRefusedException(proxy, destination, code,
                    head.Header(ProxyRefusal.ReasonHeader) ?? (status.Length > 2 ? status[2] : "no reason given"));
            // TLS and HTTP both wait for the client to speak first, so nothing may follow the 200 yet.
            if (!head.AfterHead.IsEmpty)
                throw new IOException($"the local proxy {proxy} sent {head.AfterHead.Length} bytes after 200 to CONNECT {destination} before the app spoke");
            return stream;
        }
        catch (Exception)
        {
            if (stream is not null) await stream.DisposeAsync();
            else socket.Dispose();
            throw;
        }
    }
}
