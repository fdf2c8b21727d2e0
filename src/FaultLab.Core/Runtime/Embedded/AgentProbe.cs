using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FaultLab.Agent;
using FaultLab.Verify;

namespace FaultLab.Runtime.Embedded;

/// <summary>Lets verify checks look at the laptop's agent: its status, its apps and the guide's diagnostics.</summary>
public sealed class AgentProbe(AgentService agent, Func<string, CancellationToken, Task<DnsLookup>>? resolve = null) : IAgentProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    // The mtu probe: a first echo is given time to come back at all; after that a lost datagram costs
    // a few round trips at most (never less than a floor a busy machine keeps to), so a whole search stays within a second or two.
    private static readonly TimeSpan EchoFirstReplyTimeout = TimeSpan.FromMilliseconds(750);
    private static readonly TimeSpan EchoMinReplyTimeout = TimeSpan.FromMilliseconds(60);
    private const int EchoRoundTripsPerTimeout = 4;

    // Loss on the path must not pass for a size limit: a size counts as too large only when every try is lost.
    private const int EchoTriesPerSize = 3;

    // IPv4 (20) and UDP (8) headers: what ping -f -l's payload leaves out of the packet size.
    private const int IpUdpHeaderBytes = 28;

    // The payload of a full Ethernet frame (1500 - 28), where ping -f -l starts.
    private const int LargestEchoPayload = 1472;

    public Task<Verify.AgentStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var s = agent.Status();
        return Task.FromResult(new Verify.AgentStatus
        {
            Authentication = s.Running ? s.Authentication : "Unavailable",
            InternetSecurity = s.InternetSecurity,
            PrivateAccess = s.PrivateAccess,
            DigitalExperience = s.DigitalExperience,
            Tunnel = s.Running ? s.Tunnel : "Down",
            Network = s.Network,
            EdgeName = s.Edge?.Name ?? "",
            EdgeCity = s.Edge?.City ?? "",
            EdgeRttMs = s.Edge?.RttMs,
            Version = s.Version,
            DeviceId = s.DeviceId,
        });
    }

    public async Task<Verify.AppResult> RunAppAsync(string name, CancellationToken cancellationToken)
    {
        var r = await agent.RunAppAsync(name, cancellationToken);
        return new Verify.AppResult(r.Name, r.Ok, r.Summary)
        {
            Connected = r.Fields.TryGetValue("connected", out var c) ? bool.Parse(c) : null,
            City = r.Fields.GetValueOrDefault("city"),
            Issuer = r.Fields.GetValueOrDefault("issuer"),
            LossPercent = r.Fields.TryGetValue("lossPercent", out var l) && double.TryParse(l, CultureInfo.InvariantCulture, out var loss) ? loss : null,
            Denied = name == "hr" ? !r.Ok : null,
            Fields = r.Fields,
        };
    }

    /// <summary>The operating system's own probes go straight out of the laptop (not through the tunnel), as a captive-portal check does.</summary>
    public async Task<ProbeResult> ProbeAsync(string kind, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        var target = arguments.GetValueOrDefault("target") ?? "";
        switch (kind)
        {
            case "http":
                {
                    using var http = new LaptopHttp(agent.Sockets.ConnectTcpAsync, agent.Environment.LabRoot, agent.DeviceClock, ProbeTimeout);
                    try
                    {
                        using var response = await http.GetAsync(new Uri(target), cancellationToken);
                        return new ProbeResult(true, $"HTTP {(int)response.StatusCode} from {target}") { StatusCode = (int)response.StatusCode };
                    }
                    catch (HttpRequestException e)
                    {
                        return new ProbeResult(false, $"{target}: {http.CertificateProblem ?? e.Message}");
                    }
                }
            case "tcp":
                {
                    var (host, port) = HostPort(target, 443);
                    try
                    {
                        await using var stream = await agent.Sockets.ConnectTcpAsync(host, port, cancellationToken);
                        return new ProbeResult(true, $"TCP {host}:{port} connected");
                    }
                    catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or IOException)
                    {
                        return new ProbeResult(false, $"TCP {host}:{port}: {e.Message}");
                    }
                }
            case "tls":
                {
                    var (host, port) = HostPort(target, 443);
                    try
                    {
                        await using var stream = await agent.Sockets.ConnectTcpAsync(host, port, cancellationToken);
                        await using var tls = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(ProbeTimeout);
                        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = host }, timeout.Token);
                        var issuer = tls.RemoteCertificate?.Issuer ?? "";
                        return new ProbeResult(true, $"TLS {host}:{port}: issuer {issuer}") { Issuer = issuer };
                    }
                    catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                    {
                        return new ProbeResult(false, $"TLS {host}:{port}: {e.Message}");
                    }
                }
            case "udp":
                {
                    // Like the guide's reachability test for UDP/443: does a DTLS hello to the edge get an answer?
                    var (host, port) = HostPort(target, 443);
                    if (agent.Sockets.Network.Route(new World.ServiceAddress(host, port, World.Transport.Udp)) is not { } edge)
                        return new ProbeResult(false, $"UDP {host}:{port}: no route to host");
                    try
                    {
                        await using var tunnel = await Tunnel.TunnelClient.ConnectDtlsAsync(edge,
                            new Tunnel.DtlsTunnelClientOptions(host, agent.Environment.LabRoot) { HandshakeTimeout = TimeSpan.FromSeconds(3), LocalAddress = agent.Sockets.Network.LaptopAddress },
                            cancellationToken);
                        return new ProbeResult(true, $"UDP {host}:{port}: DTLS hello answered");
                    }
                    catch (Tunnel.TunnelConnectException e)
                    {
                        return new ProbeResult(false, $"UDP {host}:{port}: {e.Message}");
                    }
                }
            case "dns" when resolve is not null:
                {
                    var lookup = await resolve(target, cancellationToken);
                    return lookup.Outcome == DnsLookupOutcome.Resolved
                        ? new ProbeResult(true, $"{target}: {string.Join(", ", lookup.Addresses)}")
                        : new ProbeResult(false, $"{target}: {lookup.Outcome}");
                }
            case "mtu":
                return await PathMtuAsync(target, cancellationToken);
            case "ipcheck":
                {
                    var app = await RunAppAsync("ipcheck", cancellationToken);
                    return new ProbeResult(app.Ok && app.Connected == true, app.Summary) { Fields = app.Fields };
                }
            default:
                return new ProbeResult(false, $"probe '{kind}' is not available; probes are tcp, udp, dns, tls, http, mtu and ipcheck");
        }
    }

    /// <summary>
    /// Like stepping <c>ping -f -l</c> down until replies come back: echo datagrams of a given payload to
    /// the host's UDP echo (port 7 unless the target names one), binary-searching the largest that returns
    /// intact; that plus the IP and UDP headers is the path MTU.
    /// </summary>
    private async Task<ProbeResult> PathMtuAsync(string target, CancellationToken cancellationToken)
    {
        var (host, port) = HostPort(target, Nodes.Edge.EdgeNode.EchoPort);
        if (agent.Sockets.Network.Route(new World.ServiceAddress(host, port, World.Transport.Udp)) is not { } echo)
            return new ProbeResult(false, $"path MTU to {host}: no route to host (nothing answers UDP echo on {host}:{port})");

        using var socket = agent.Sockets.ConnectUdp(echo);
        var payload = new byte[LargestEchoPayload];
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 31 + 7);
        var reply = new byte[ushort.MaxValue];
        var steps = new List<string>();

        async Task<TimeSpan?> PassesAsync(int size, TimeSpan timeout)
        {
            for (var attempt = 0; attempt < EchoTriesPerSize; attempt++)
                if (await EchoAsync(socket, payload.AsMemory(0, size), reply, timeout, cancellationToken) is { } roundTrip)
                {
                    steps.Add($"{size}:ok");
                    return roundTrip;
                }
            steps.Add($"{size}:lost");
            return null;
        }

        if (await PassesAsync(1, EchoFirstReplyTimeout) is not { } firstRoundTrip)
            return new ProbeResult(false, $"path MTU to {host}: no echo came back from UDP {host}:{port}, not even for a 1-byte datagram")
            {
                Fields = new Dictionary<string, string> { ["steps"] = string.Join(" ", steps) },
            };

        var timeout = TimeSpan.FromTicks(Math.Clamp(firstRoundTrip.Ticks * EchoRoundTripsPerTimeout, EchoMinReplyTimeout.Ticks, EchoFirstReplyTimeout.Ticks));
        int largest = 1, smallestLost = LargestEchoPayload + 1;
        if (await PassesAsync(LargestEchoPayload, timeout) is not null) largest = LargestEchoPayload;
        else smallestLost = LargestEchoPayload;
        while (smallestLost - largest > 1)
        {
            var size = largest + (smallestLost - largest) / 2;
            if (await PassesAsync(size, timeout) is not null) largest = size;
            else smallestLost = size;
        }

        var pathMtu = largest + IpUdpHeaderBytes;
        return new ProbeResult(true, $"path MTU to {host}: {pathMtu} bytes (largest datagram {largest} + {IpUdpHeaderBytes} bytes of headers)")
        {
            Fields = new Dictionary<string, string>
            {
                ["pathMtu"] = pathMtu.ToString(CultureInfo.InvariantCulture),
                ["largestPayload"] = largest.ToString(CultureInfo.InvariantCulture),
                ["steps"] = string.Join(" ", steps),
            },
        };
    }

    /// <summary>Sends one datagram and waits for it to come back unchanged; the round trip, or null when it did not within <paramref name="timeout"/>.</summary>
    private static async Task<TimeSpan?> EchoAsync(Socket socket, ReadOnlyMemory<byte> datagram, byte[] reply, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await socket.SendAsync(datagram, SocketFlags.None, wait.Token);
            while (true)
            {
                var length = await socket.ReceiveAsync(reply, SocketFlags.None, wait.Token);
                // A late echo of an earlier, smaller or larger try is not this one's answer.
                if (length == datagram.Length && reply.AsSpan(0, length).SequenceEqual(datagram.Span)) return Stopwatch.GetElapsedTime(sent);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // Port unreachable: nothing listens behind the route; the try is lost like any other.
            return null;
        }
    }

    public string? ExportedBundlePath =>
        Directory.Exists(agent.Environment.LogDirectory)
            ? Directory.GetFiles(agent.Environment.LogDirectory, "agent-logs-*.zip").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault()
            : null;

    private static (string Host, int Port) HostPort(string target, int defaultPort)
    {
        var cut = target.LastIndexOf(':');
        return cut > 0 && int.TryParse(target[(cut + 1)..], out var port) ? (target[..cut], port) : (target, defaultPort);
    }
}
