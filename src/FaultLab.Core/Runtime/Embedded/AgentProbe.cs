using System.Globalization;
using System.Net;
using FaultLab.Agent;
using FaultLab.Verify;

namespace FaultLab.Runtime.Embedded;

/// <summary>Lets verify checks look at the laptop's agent: its status, its apps and the guide's diagnostics.</summary>
public sealed class AgentProbe(AgentService agent, Func<string, CancellationToken, Task<DnsLookup>>? resolve = null) : IAgentProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

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
            case "ipcheck":
                {
                    var app = await RunAppAsync("ipcheck", cancellationToken);
                    return new ProbeResult(app.Ok && app.Connected == true, app.Summary) { Fields = app.Fields };
                }
            default:
                return new ProbeResult(false, $"probe '{kind}' is not available; probes are tcp, udp, dns, tls, http and ipcheck");
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
