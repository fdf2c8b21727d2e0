using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FaultLab.Middleboxes;
using FaultLab.World;

namespace FaultLab.Agent.Apps;

/// <summary>
/// The calling app: its HTTPS origin is certificate-pinned (only the pinned origin CA is accepted, so
/// an inspecting proxy's re-signed chain is an error naming that issuer), and a call sends a UDP
/// media stream to the media relay and measures how much of it echoes back.
/// </summary>
public sealed class TeamsApp : IAgentApp
{
    public static readonly Uri Origin = new("https://teams.example.lab/");
    public const string MediaHost = "media.teams.example.lab";
    public const int MediaPort = 3478;
    public const int MediaDatagrams = 50;
    public const int MaxMediaBytes = 1380;

    public string Name => "teams";

    public async Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken)
    {
        var route = await agent.RouteForAsync(Origin.Host, Origin.Port, cancellationToken: cancellationToken);
        var outcome = await WebFetch.GetAsync(agent, Origin, cancellationToken, agent.Environment.PinnedOrigin, route);
        var fields = WebFetch.Fields(outcome);
        if (!outcome.Ok) return AppResult.Failure(Name, outcome.Problem!, fields);

        var mediaRoute = await agent.RouteForAsync(MediaHost, MediaPort, Transport.Udp, cancellationToken: cancellationToken);
        fields["mediaRoute"] = mediaRoute.Description;
        if (mediaRoute.Blocked) return AppResult.Failure(Name, $"media blocked: {mediaRoute.BlockedReason}", fields);
        int received;
        int size;
        try
        {
            (received, size) = mediaRoute.Tunnel is { } tunnel
                ? await TunnelledMediaAsync(agent, tunnel, cancellationToken)
                : await DirectMediaAsync(agent, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException or Tunnel.TunnelOpenException or TimeoutException)
        {
            return AppResult.Failure(Name, $"media: {e.Message}", fields);
        }
        var loss = 100.0 * (MediaDatagrams - received) / MediaDatagrams;
        fields["datagrams"] = MediaDatagrams.ToString(CultureInfo.InvariantCulture);
        fields["datagramBytes"] = size.ToString(CultureInfo.InvariantCulture);
        fields["received"] = received.ToString(CultureInfo.InvariantCulture);
        fields["lossPercent"] = loss.ToString("0.#", CultureInfo.InvariantCulture);
        return received == MediaDatagrams
            ? AppResult.Success(Name, $"call ok: 0% media loss ({size}-byte datagrams, {mediaRoute.Description})", fields)
            : AppResult.Failure(Name, $"call quality bad: {fields["lossPercent"]}% media loss ({size}-byte datagrams, {mediaRoute.Description})", fields);
    }

    private static async Task<(int Received, int Size)> TunnelledMediaAsync(AgentService agent, Tunnel.TunnelClient tunnel, CancellationToken cancellationToken)
    {
        await using var stream = await tunnel.OpenStreamAsync(MediaHost, MediaPort, Transport.Udp, cancellationToken);
        var size = Math.Min(MaxMediaBytes, stream.MaxDatagramBytes);
        // In the capture the tunnelled media shows as the laptop talking to the relay it reaches.
        var remote = agent.Sockets.Network.Route(new ServiceAddress(MediaHost, MediaPort, Transport.Udp)) ?? new IPEndPoint(IPAddress.Loopback, MediaPort);
        var local = new IPEndPoint(agent.Sockets.Network.LaptopAddress, 40000 + (int)(stream.StreamId % 20000));
        for (var i = 0; i < MediaDatagrams; i++)
        {
            var datagram = Datagram(i, size);
            agent.ActiveCapture?.Datagram(FlowDirection.ToNode, local, remote, datagram);
            await stream.SendDatagramAsync(datagram, cancellationToken);
        }
        return (await CountEchoesAsync(agent, async ct =>
        {
            var echo = await stream.ReceiveDatagramAsync(ct);
            if (echo is not null) agent.ActiveCapture?.Datagram(FlowDirection.ToClient, local, remote, echo);
            return echo;
        }, cancellationToken), size);
    }

    private static async Task<(int Received, int Size)> DirectMediaAsync(AgentService agent, CancellationToken cancellationToken)
    {
        var remote = agent.Sockets.RouteOrThrow(new ServiceAddress(MediaHost, MediaPort, Transport.Udp));
        using var socket = agent.Sockets.ConnectUdp(remote);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        for (var i = 0; i < MediaDatagrams; i++)
        {
            var datagram = Datagram(i, MaxMediaBytes);
            agent.ActiveCapture?.Datagram(FlowDirection.ToNode, local, remote, datagram);
            await socket.SendAsync(datagram, SocketFlags.None, cancellationToken);
        }
        var buffer = new byte[65536];
        return (await CountEchoesAsync(agent, async ct =>
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            agent.ActiveCapture?.Datagram(FlowDirection.ToClient, local, remote, buffer.AsSpan(0, n));
            return buffer[..n];
        }, cancellationToken), MaxMediaBytes);
    }

    private static async Task<int> CountEchoesAsync(AgentService agent, Func<CancellationToken, Task<byte[]?>> receive, CancellationToken cancellationToken)
    {
        var seen = new HashSet<int>();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(agent.Environment.Timeouts.MediaEchoWait);
        try
        {
            while (seen.Count < MediaDatagrams && await receive(wait.Token) is { Length: >= 4 } echo)
                seen.Add(BinaryPrimitives.ReadInt32BigEndian(echo));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait for echoes ended: what did not come back is the loss.
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            agent.Log.Add($"media: the relay port is unreachable ({e.Message})");
        }
        return seen.Count;
    }

    private static byte[] Datagram(int sequence, int size)
    {
        var datagram = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(datagram, sequence);
        return datagram;
    }
}
