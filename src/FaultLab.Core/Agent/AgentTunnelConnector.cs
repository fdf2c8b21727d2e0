using System.Net;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>Measures the edges and sets up the tunnel the policy's transport asks for.</summary>
public sealed class AgentTunnelConnector(ILaptopNetwork network, System.Security.Cryptography.X509Certificates.X509Certificate2 labRoot, TimeProvider deviceClock, AgentTimeouts timeouts)
{
    /// <summary>Pings per edge; the fastest counts, so a busy moment on the laptop does not make a near edge look far.</summary>
    private const int PingsPerEdge = 3;

    /// <summary>The edge with the lowest round-trip time (a TLS tunnel and a few Pings to each), or the latched one when named.</summary>
    public async Task<(AgentEdgeCandidate Edge, int? RttMs)> SelectAsync(IReadOnlyList<AgentEdgeCandidate> edges, string? latched, Action<string> log, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(latched))
        {
            var named = edges.FirstOrDefault(e => string.Equals(e.Name, latched, StringComparison.OrdinalIgnoreCase)
                || string.Equals(e.GatewayHost, latched, StringComparison.OrdinalIgnoreCase));
            if (named is not null)
            {
                log($"edge {named.Name} is latched on this device");
                return (named, await MeasureAsync(named, log, cancellationToken));
            }
            log($"latched edge '{latched}' is not one of {string.Join(", ", edges.Select(e => e.Name))}; measuring");
        }
        var probes = await Task.WhenAll(edges.Select(async e => (Edge: e, Rtt: await MeasureAsync(e, log, cancellationToken))));
        var best = probes.Where(p => p.Rtt is not null).OrderBy(p => p.Rtt).FirstOrDefault();
        if (best.Edge is null)
        {
            log($"no edge answered a probe; using {edges[0].Name}");
            return (edges[0], null);
        }
        log($"selected edge {best.Edge.Name} ({best.Rtt} ms)");
        return best;
    }

    private async Task<int?> MeasureAsync(AgentEdgeCandidate edge, Action<string> log, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeouts.EdgeProbe);
        try
        {
            await using var tunnel = await ConnectTlsAsync(edge, deadline.Token);
            var rtt = TimeSpan.MaxValue;
            for (var i = 0; i < PingsPerEdge; i++)
            {
                var ping = await tunnel.PingAsync(deadline.Token);
                if (ping < rtt) rtt = ping;
            }
            log($"edge {edge.Name}: {rtt.TotalMilliseconds:0} ms");
            return (int)Math.Round(rtt.TotalMilliseconds);
        }
        catch (Exception e) when (e is TunnelConnectException or IOException or TimeoutException or AgentStepException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log($"edge {edge.Name}: probe failed: {e.Message}");
            return null;
        }
    }

    /// <summary>Connects per <paramref name="policy"/>'s transport; the exception says why when it cannot.</summary>
    public async Task<TunnelClient> ConnectAsync(AgentEdgeCandidate edge, AgentPolicy policy, Action<string> log, CancellationToken cancellationToken)
    {
        switch (policy.Transport)
        {
            case "tls":
                return await ConnectTlsAsync(edge, cancellationToken);
            case "dtls-only":
                return await ConnectDtlsAsync(edge, policy, cancellationToken);
            default:
                try
                {
                    return await ConnectDtlsAsync(edge, policy, cancellationToken);
                }
                catch (Exception e) when (e is TunnelConnectException or AgentStepException)
                {
                    log($"DTLS failed ({e.Message}); falling back to TLS");
                    return await ConnectTlsAsync(edge, cancellationToken);
                }
        }
    }

    private Task<TunnelClient> ConnectDtlsAsync(AgentEdgeCandidate edge, AgentPolicy policy, CancellationToken cancellationToken) =>
        TunnelClient.ConnectDtlsAsync(RouteOf(edge, Transport.Udp), new DtlsTunnelClientOptions(edge.GatewayHost, labRoot)
        {
            HandshakeTimeout = TimeSpan.FromSeconds(Math.Max(1, policy.DtlsTimeoutSeconds)),
            Mtu = policy.TunnelMtu,
            LocalAddress = network.LaptopAddress,
            Keepalive = timeouts.TunnelKeepalive,
            Clock = deviceClock,
        }, cancellationToken);

    private Task<TunnelClient> ConnectTlsAsync(AgentEdgeCandidate edge, CancellationToken cancellationToken) =>
        TunnelClient.ConnectTlsAsync(RouteOf(edge, Transport.Tcp), new TlsTunnelClientOptions(edge.GatewayHost, labRoot)
        {
            HandshakeTimeout = timeouts.TlsHandshake,
            LocalAddress = network.LaptopAddress,
            Keepalive = timeouts.TunnelKeepalive,
            Clock = deviceClock,
        }, cancellationToken);

    private IPEndPoint RouteOf(AgentEdgeCandidate edge, Transport transport)
    {
        var service = new ServiceAddress(edge.GatewayHost, 443, transport);
        return network.Route(service) ?? throw new AgentStepException("tunnel", $"no route to host {service}");
    }
}
