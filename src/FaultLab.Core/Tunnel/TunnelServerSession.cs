using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's end of one tunnel: admits the device on Hello, dials an origin for each Open and
/// pumps Data both ways until Close. A frame it cannot accept is answered with a ProtocolError
/// and counted; the session goes on.
/// </summary>
internal sealed class TunnelServerSession
{
    /// <summary>Largest Data payload the edge sends for TCP, so one stream cannot hog the transport.</summary>
    private const int MaxTcpChunkBytes = 16 * 1024;

    private readonly ITunnelFrameTransport _transport;
    private readonly TunnelServerSettings _settings;
    private readonly TunnelServerCounters _counters;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<uint, TunneledOriginStream> _streams = new();
    private readonly BackgroundWork _work;
    private int _tunnelVersion;      // agreed in Hello; 0 before it

    public TunnelServerSession(ITunnelFrameTransport transport, TunnelServerSettings settings, TunnelServerCounters counters, ILogger log)
    {
        _transport = transport;
        _settings = settings;
        _counters = counters;
        _log = log;
        _work = new BackgroundWork(log);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _counters.SessionStarted();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = session.Token;
        try
        {
            while (await _transport.ReceiveAsync(token) is { } bytes)
            {
                var decoded = TunnelFrameCodec.Decode(bytes);
                if (decoded.Frame is null)
                {
                    await RefuseFrameAsync($"malformed frame refused: {decoded.Error}", token);
                    continue;
                }
                await HandleAsync(decoded.Frame, token);
            }
            _log.LogInformation("tunnel {Peer} ended: {Reason}", _transport.Description, _transport.CloseReason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _log.LogDebug("tunnel {Peer} stopped with the edge", _transport.Description);
        }
        catch (IOException e)
        {
            _log.LogInformation("tunnel {Peer} failed: {Reason}", _transport.Description, e.Message);
        }
        finally
        {
            await session.CancelAsync();
            foreach (var stream in _streams.Values) stream.Abort();
            _streams.Clear();
            await _work.WhenAllEndedAsync();
        }
    }

    private async Task HandleAsync(TunnelFrame frame, CancellationToken token)
    {
        if (_tunnelVersion == 0 && frame is not (HelloFrame or PingFrame))
        {
            await RefuseFrameAsync($"{frame.Type} refused: Hello must come first", token);
            return;
        }
        switch (frame)
        {
            case HelloFrame hello:
                await HelloAsync(hello, token);
                break;
            case OpenFrame open:
                await OpenAsync(open, token);
                break;
            case DataFrame data:
                await ForwardToOriginAsync(data, token);
                break;
            case CloseFrame close:
                if (_streams.TryRemove(close.StreamId, out var closed)) closed.Abort();
                break;
            case PingFrame ping:
                await SendAsync(new PongFrame(ping.Nonce), token);
                break;
            case ProtocolErrorFrame error:
                _log.LogInformation("tunnel {Peer}: client refused a frame: {Reason}", _transport.Description, error.Reason);
                break;
            default:
                await RefuseFrameAsync($"{frame.Type} refused: only the edge sends it", token);
                break;
        }
    }

    private async Task HelloAsync(HelloFrame hello, CancellationToken token)
    {
        if (_tunnelVersion != 0)
        {
            await RefuseFrameAsync("Hello refused: the session already said Hello", token);
            return;
        }
        string? refusal = null;
        if (!TunnelServerSettings.SupportedVersions.Contains(hello.TunnelVersion))
            refusal = $"tunnel version {hello.TunnelVersion} is not supported (this edge speaks {string.Join(" and ", TunnelServerSettings.SupportedVersions)})";
        else if (_settings.AdmitDevice(hello.DeviceToken) is { Admitted: false } admission)
            refusal = admission.Reason ?? "device not admitted";
        if (refusal is not null)
        {
            _counters.HelloRefused($"{_transport.Description}: {refusal}");
            await SendAsync(new HelloRefusedFrame(refusal), token);
            return;
        }
        _tunnelVersion = hello.TunnelVersion;
        _log.LogInformation("tunnel {Peer} admitted, version {Version}", _transport.Description, _tunnelVersion);
        await SendAsync(new HelloOkFrame(_settings.EdgeName, _settings.City, _settings.Cloud), token);
    }

    private async Task OpenAsync(OpenFrame open, CancellationToken token)
    {
        string? refusal = null;
        if (_tunnelVersion == 1 && !TunnelServerSettings.WebPorts.Contains(open.Port))
            refusal = TunnelServerSettings.WebPortsOnly;
        else if (_streams.Count >= TunnelServerSettings.MaxStreamsPerSession)
            refusal = $"too many open streams (at most {TunnelServerSettings.MaxStreamsPerSession})";
        else if (!_streams.TryAdd(open.StreamId, NewStream(open)))
            refusal = $"stream id {open.StreamId} is already open";
        if (refusal is not null)
        {
            _counters.OpenRefused($"{_transport.Description}: open {open.Host}:{open.Port}: {refusal}");
            await SendAsync(new OpenFailedFrame(open.StreamId, refusal), token);
            return;
        }
        // Dial in the background: a slow origin must not hold up the other streams of the session.
        _work.Track(DialAndPumpAsync(_streams[open.StreamId], token), $"{_transport.Description} stream {open.StreamId}");
    }

    /// <summary>
    /// A stream for <paramref name="open"/>. TCP to port 443 while the policy has inspection on
    /// gets its client side as a stream the inspection reads; everything else is spliced as bytes.
    /// </summary>
    private TunneledOriginStream NewStream(OpenFrame open)
    {
        if (open.Transport != Transport.Tcp || open.Port != SslInspector.InspectedPort || _settings.Inspector is not { } inspector)
            return new TunneledOriginStream(open.StreamId, open.Host, open.Port, open.Transport);
        if (inspector.PolicyForNewConnection(open.Host) is not { } policy)
            return new TunneledOriginStream(open.StreamId, open.Host, open.Port, open.Transport);
        var id = open.StreamId;
        var client = new TunneledClientStream((payload, token) => SendAsync(TunnelFrameCodec.EncodeData(id, payload.Span), token), MaxTcpPayloadBytes);
        return new TunneledOriginStream(id, open.Host, open.Port, open.Transport) { InspectedClient = client, InspectionPolicy = policy };
    }

    private int MaxTcpPayloadBytes => Math.Min(MaxTcpChunkBytes, _transport.MaxFrameBytes - DataFrame.HeaderBytes);

    private async Task DialAndPumpAsync(TunneledOriginStream stream, CancellationToken token)
    {
        try
        {
            var dialled = await _settings.Dialer.DialAsync(stream.Host, stream.Port, stream.Transport, token);
            if (dialled.Socket is null)
            {
                _streams.TryRemove(stream.Id, out _);
                await SendAsync(new OpenFailedFrame(stream.Id, dialled.FailureReason!), token);
                return;
            }
            stream.Socket = dialled.Socket;
            if (!_streams.ContainsKey(stream.Id))
            {
                stream.Abort();    // closed by the client while it was being dialled
                return;
            }
            await SendAsync(new OpenedFrame(stream.Id), token);
            if (stream.InspectedClient is { } client)
                await InspectOrPassAsync(stream, client, dialled.Socket, token);
            else
                await PumpFromOriginAsync(stream, dialled.Socket, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The session is ending; it aborts every stream itself.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The tunnel itself is gone; the session's receive loop reports why.
            _log.LogDebug("tunnel {Peer}: {Stream} ended: {Reason}", _transport.Description, stream, e.Message);
        }
    }

    /// <summary>Looks at the client's first bytes and either inspects the stream or passes it through untouched.</summary>
    private async Task InspectOrPassAsync(TunneledOriginStream stream, TunneledClientStream client, Socket socket, CancellationToken token)
    {
        var inspector = _settings.Inspector!;
        var peeked = await inspector.PeekAsync(client, ReadOnlyMemory<byte>.Empty, token);
        if (!inspector.Decide(peeked, stream.Host, stream.InspectionPolicy!, out var serverName))
        {
            var upload = CopyToOriginAsync(peeked.Bytes, client, socket, token);
            await PumpFromOriginAsync(stream, socket, token);
            await upload;
            return;
        }
        var ending = "inspected exchange ended";
        try
        {
            await inspector.InspectAsync(client, peeked, socket, serverName, token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            ending = $"inspected exchange failed: {e.Message}";
        }
        await EndStreamAsync(stream, ending, token);
    }

    /// <summary>Sends the client's bytes (the peeked ones first) to the origin until the client closes the stream.</summary>
    private async Task CopyToOriginAsync(ReadOnlyMemory<byte> first, TunneledClientStream client, Socket socket, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxTcpChunkBytes);
        try
        {
            var pending = first;
            while (true)
            {
                while (!pending.IsEmpty) pending = pending[await socket.SendAsync(pending, SocketFlags.None, token)..];
                var read = await client.ReadAsync(buffer, token);
                if (read == 0) return;
                pending = buffer.AsMemory(0, read);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException || e is OperationCanceledException && token.IsCancellationRequested)
        {
            // The origin side ended; its pump tells the client.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PumpFromOriginAsync(TunneledOriginStream stream, Socket socket, CancellationToken token)
    {
        var chunk = new byte[MaxTcpPayloadBytes];
        var datagram = new byte[ushort.MaxValue];
        string ending = "origin closed";
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (stream.Transport == Transport.Tcp)
                {
                    var read = await socket.ReceiveAsync(chunk, SocketFlags.None, token);
                    if (read == 0) break;
                    await SendAsync(TunnelFrameCodec.EncodeData(stream.Id, chunk.AsSpan(0, read)), token);
                    continue;
                }
                int received;
                try
                {
                    received = await socket.ReceiveAsync(datagram, SocketFlags.None, token);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    continue;      // an ICMP error for an earlier datagram; UDP carries on
                }
                if (received > _transport.MaxFrameBytes - DataFrame.HeaderBytes)
                {
                    _log.LogInformation("tunnel {Peer}: dropped a {Bytes}-byte datagram from {Stream}: larger than the tunnel carries", _transport.Description, received, stream);
                    continue;
                }
                await SendAsync(TunnelFrameCodec.EncodeData(stream.Id, datagram.AsSpan(0, received)), token);
            }
        }
        catch (SocketException e)
        {
            ending = $"origin connection failed: {e.SocketErrorCode}";
        }
        catch (ObjectDisposedException)
        {
            ending = "closed by the client";
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        await EndStreamAsync(stream, ending, token);
    }

    private async Task EndStreamAsync(TunneledOriginStream stream, string ending, CancellationToken token)
    {
        // Only the side that removes the stream tells the client; a Close from the client already did.
        if (_streams.TryRemove(new KeyValuePair<uint, TunneledOriginStream>(stream.Id, stream)))
        {
            stream.Abort();
            _log.LogDebug("tunnel {Peer}: {Stream}: {Reason}", _transport.Description, stream, ending);
            await SendAsync(new CloseFrame(stream.Id), token);
        }
    }

    private async Task ForwardToOriginAsync(DataFrame data, CancellationToken token)
    {
        if (_streams.TryGetValue(data.StreamId, out var inspected) && inspected.InspectedClient is { } client)
        {
            client.Deliver(data.Payload);
            return;
        }
        if (!_streams.TryGetValue(data.StreamId, out var stream) || stream.Socket is not { } socket)
        {
            // Late data for a stream that just closed is normal; it is dropped without a ProtocolError.
            _log.LogDebug("tunnel {Peer}: data for stream {Id}, which is not open", _transport.Description, data.StreamId);
            return;
        }
        try
        {
            var remaining = data.Payload;
            if (stream.Transport == Transport.Udp)
            {
                await socket.SendAsync(remaining, SocketFlags.None, token);
                return;
            }
            while (!remaining.IsEmpty)
            {
                var sent = await socket.SendAsync(remaining, SocketFlags.None, token);
                remaining = remaining[sent..];
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (_streams.TryRemove(new KeyValuePair<uint, TunneledOriginStream>(stream.Id, stream)))
            {
                stream.Abort();
                await SendAsync(new CloseFrame(stream.Id), token);
            }
        }
    }

    private async Task RefuseFrameAsync(string reason, CancellationToken token)
    {
        _counters.FrameRefused($"{_transport.Description}: {reason}");
        _log.LogInformation("tunnel {Peer}: {Reason}", _transport.Description, reason);
        await SendAsync(new ProtocolErrorFrame(reason), token);
    }

    private ValueTask SendAsync(TunnelFrame frame, CancellationToken token) => SendAsync(TunnelFrameCodec.Encode(frame), token);

    private ValueTask SendAsync(byte[] frame, CancellationToken token) => _transport.SendAsync(frame, token);
}
