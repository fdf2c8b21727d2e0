using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Http;
using FaultLab.Nodes;
using FaultLab.Nodes.Web;
using FaultLab.Pki;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Bench;

/// <summary>
/// HTTP middlebox cost: requests/s and p50 latency of GETs to an origin directly, through the
/// middlebox passing TLS through, and through it re-signing (leaf cached after the first), each
/// request on a NEW TCP+TLS connection with a full handshake. Targets: pass-through at least 50 %
/// of direct requests/s; re-signing adds under 2 ms to p50. Scenarios are interleaved request by
/// request (latency) and in short rounds (throughput) so load elsewhere on the machine hits all alike.
/// </summary>
internal sealed class HttpMiddleboxThroughput : IMeasurement
{
    private const string Host = "idp.lab";
    private const int WarmUpRequests = 200;
    private const int ThroughputRounds = 10;
    private const double LatencyShare = 0.4;

    public string Name => "http";

    public string Description => "HTTPS GETs, new TLS connection each: direct vs through the HTTP middlebox (pass-through, re-signing)";

    public async Task<IReadOnlyList<MeasurementResult>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var pki = LabPki.Create("bench", DateTimeOffset.UtcNow);
        var context = new NodeContext("bench", pki, new LabDirectory(), IPAddress.Loopback, NullLoggerFactory.Instance, TimeProvider.System);
        // Built once: creating a certificate context per handshake would make the origin, not the middlebox, the bottleneck.
        var originCertificate = WebNodeHost.ContextFor(pki.PublicOrigin.LeafFor(Host), pki.PublicOrigin.IntermediatesForServer());
        await using var origin = await WebNodeHost.StartAsync(context, http: true, certificateFor: _ => originCertificate,
            map: app => app.MapGet("/", () => "ok"), cancellationToken);
        var directHttps = new IPEndPoint(IPAddress.Loopback, origin.HttpsPort!.Value);
        var directHttp = new IPEndPoint(IPAddress.Loopback, origin.HttpPort!.Value);
        context.Directory.Register(new ServiceAddress(Host, 443, Transport.Tcp), directHttps);
        context.Directory.Register(new ServiceAddress(Host, 80, Transport.Tcp), directHttp);

        await using var passThrough = new HttpMiddlebox(new HttpMiddleboxOptions("internet", LinkFaults.None("internet"), context));
        await passThrough.StartAsync(cancellationToken);
        var resign = new FaultSwitch(new TlsResignFault { Ca = TlsResigningCa.Edge, AttachedTo = "internet" });
        await using var resigning = new HttpMiddlebox(new HttpMiddleboxOptions("internet", new LinkFaults("internet", [resign]), context));
        await resigning.StartAsync(cancellationToken);

        Scenario[] scenarios =
        [
            new("https direct", NewConnectionClient(directHttps, pki.PublicOrigin), new Uri($"https://{Host}/")),
            new("https pass-through", NewConnectionClient(passThrough.LocalEndPoint, pki.PublicOrigin), new Uri($"https://{Host}/")),
            new("https re-signing (edge CA)", NewConnectionClient(resigning.LocalEndPoint, pki.EdgeInspection), new Uri($"https://{Host}/")),
            new("http direct", NewConnectionClient(directHttp, null), new Uri($"http://{Host}/")),
            new("http inspected", NewConnectionClient(passThrough.LocalEndPoint, null), new Uri($"http://{Host}/")),
        ];
        try
        {
            foreach (var s in scenarios)
                for (var i = 0; i < WarmUpRequests; i++) await GetAsync(s, cancellationToken);     // JIT tiers, leaf cache, upstream pool

            // Latency: one request at a time, the scenarios taking turns in a rotating order.
            var latencyWindow = settings.Duration * scenarios.Length * LatencyShare;
            var clock = Stopwatch.StartNew();
            for (var turn = 0; clock.Elapsed < latencyWindow; turn++)
                for (var k = 0; k < scenarios.Length; k++)
                {
                    var s = scenarios[(turn + k) % scenarios.Length];
                    s.Latencies.Add(await GetAsync(s, cancellationToken));
                }

            // Throughput: several clients at once, in short rounds per scenario.
            var share = settings.Duration * (1 - LatencyShare) / ThroughputRounds;
            for (var round = 0; round < ThroughputRounds; round++)
                foreach (var s in scenarios)
                {
                    var watch = Stopwatch.StartNew();
                    var counts = await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(async _ =>
                    {
                        var n = 0;
                        while (watch.Elapsed < share) { await GetAsync(s, cancellationToken); n++; }
                        return n;
                    }));
                    s.Requests += counts.Sum();
                    s.Seconds += watch.Elapsed.TotalSeconds;
                }
        }
        finally
        {
            foreach (var s in scenarios) s.Client.Dispose();
        }

        var results = new List<MeasurementResult>();
        foreach (var s in scenarios)
        {
            var sorted = s.Latencies.Order().ToArray();
            results.Add(new(Name, s.Name, s.Requests / s.Seconds, "req/s", $"{settings.Clients} clients, new TLS connection per request"));
            results.Add(new(Name, s.Name, sorted[sorted.Length / 2], "ms p50", "one request at a time"));
        }
        var share2 = scenarios[1].Requests / scenarios[1].Seconds / (scenarios[0].Requests / scenarios[0].Seconds);
        results.Add(new(Name, "pass-through vs direct", share2 * 100, "% of direct req/s", share2 >= 0.5 ? "target >= 50 %: met" : "target >= 50 %: MISSED"));
        var added = PairedMedianDifference(scenarios[2], scenarios[0]);
        results.Add(new(Name, "re-signing added p50", added, "ms", added < 2 ? "target < 2 ms: met" : "target < 2 ms: MISSED"));
        results.Add(new(Name, "inspected plain HTTP added p50", PairedMedianDifference(scenarios[4], scenarios[3]), "ms", "median of paired differences"));
        return results;
    }

    /// <summary>Median of (a - b) over requests made back to back, so a slow moment of the machine counts against neither.</summary>
    private static double PairedMedianDifference(Scenario a, Scenario b)
    {
        var n = Math.Min(a.Latencies.Count, b.Latencies.Count);
        var differences = Enumerable.Range(0, n).Select(i => a.Latencies[i] - b.Latencies[i]).Order().ToArray();
        return differences[n / 2];
    }

    private static async Task<double> GetAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.ConnectionClose = true;
        using var response = await scenario.Client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>A client whose every connection goes to <paramref name="target"/> and is never reused; TLS trusts only <paramref name="trust"/>.</summary>
    private static HttpMessageInvoker NewConnectionClient(IPEndPoint target, CertificateAuthority? trust) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(target, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            AllowTlsResume = false,     // every request pays a full handshake
            RemoteCertificateValidationCallback = (_, cert, _, errors) =>
            {
                if (trust is null || cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(trust.Root);
                chain.ChainPolicy.ExtraStore.AddRange(trust.IntermediatesForServer());
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
            },
        },
    });

    private sealed class Scenario(string name, HttpMessageInvoker client, Uri uri)
    {
        public string Name { get; } = name;
        public HttpMessageInvoker Client { get; } = client;
        public Uri Uri { get; } = uri;
        public List<double> Latencies { get; } = [];
        public long Requests { get; set; }
        public double Seconds { get; set; }
    }
}
