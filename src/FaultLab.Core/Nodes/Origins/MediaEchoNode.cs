using System.Net;
using System.Net.Sockets;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// The call-media endpoint of the pinned app: every UDP datagram is echoed verbatim to its sender,
/// so a client measures loss and round-trip time on the path (and sees what an MTU limit eats).
/// </summary>
public sealed class MediaEchoNode : ILabNode
{
    private const int MaxDatagramBytes = 65535;

    private readonly MediaEchoOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<NodeEndpoint> _endpoints = [];
    private Socket? _socket;
    private Task _echoLoop = Task.CompletedTask;
    private ILogger? _log;
    private long _datagrams;
    private long _bytes;
    private long _errors;

    public MediaEchoNode(MediaEchoOptions? options = null)
    {
        _options = options ?? new MediaEchoOptions();
        _options.Validate();
    }

    public string Name => _options.Name;
    public string Role => "origin";
    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>Datagrams received; each is echoed back to its sender.</summary>
    public long DatagramsEchoed => Interlocked.Read(ref _datagrams);

    /// <summary>Payload bytes received and echoed back.</summary>
    public long BytesEchoed => Interlocked.Read(ref _bytes);

    /// <summary>Receive or send errors (counted and logged, the echo keeps going).</summary>
    public long SocketErrors => Interlocked.Read(ref _errors);

    public Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_socket is not null) throw new InvalidOperationException($"{Name} is already started");
        cancellationToken.ThrowIfCancellationRequested();
        _log = context.Logs.CreateLogger<MediaEchoNode>();
        _socket = new Socket(context.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(context.BindAddress, 0));
        var actual = (IPEndPoint)_socket.LocalEndPoint!;

        foreach (var host in _options.AlsoKnownAs.Prepend(_options.Host))
        {
            var service = new ServiceAddress(host, _options.Port, Transport.Udp);
            context.Directory.Register(service, actual);
            _endpoints.Add(new NodeEndpoint("media", "udp-echo", actual.Address.ToString(), actual.Port, service.ToString()));
            _log.LogInformation("media echo {Service} on {EndPoint}", service, actual);
        }
        _echoLoop = EchoAsync(_socket, _stopping.Token);
        return Task.CompletedTask;
    }

    private async Task EchoAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[MaxDatagramBytes];
        var anySender = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anySender, stopping);
                // Counted before the echo leaves, so the count is settled by the time the sender has it back.
                Interlocked.Increment(ref _datagrams);
                Interlocked.Add(ref _bytes, received.ReceivedBytes);
                await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (!stopping.IsCancellationRequested)
            {
                // e.g. the previous sender's port is gone (ICMP unreachable); the echo serves the others.
                Interlocked.Increment(ref _errors);
                _log?.LogWarning("media echo: {Error} ({Code})", e.Message, e.SocketErrorCode);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _echoLoop;
        }
        finally
        {
            _socket?.Dispose();
            _stopping.Dispose();
        }
    }
}
