using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FaultLab.Faults;
using FaultLab.Middleboxes.Http;
using FaultLab.Nodes;
using FaultLab.Nodes.Web;
using FaultLab.Pki;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Middleboxes.Http;

/// <summary>
/// A small world for middlebox tests: a lab PKI and directory, an origin for idp.lab on Kestrel
/// (HTTPS with a Public Origin leaf, plus plain HTTP) that records what it receives, a rogue
/// origin whose certificate the lab does not trust, and the middleboxes a test starts.
/// </summary>
internal sealed class HttpLab : IAsyncDisposable
{
    private readonly List<HttpMiddlebox> _middleboxes = [];
    private readonly List<WebNodeHost> _origins = [];

    private HttpLab(NodeContext context, string directory)
    {
        Context = context;
        FilesDirectory = directory;
    }

    public NodeContext Context { get; }
    public LabPki Pki => Context.Pki;

    /// <summary>Where the PKI's public PEM files are (acmeproxy.pem, root.pem, idp-signing.pem...).</summary>
    public string FilesDirectory { get; }

    public string PemOf(string name) => Path.Combine(FilesDirectory, name + ".pem");

    /// <summary>Bodies of the POSTs idp.lab received, in order.</summary>
    public ConcurrentQueue<byte[]> ReceivedBodies { get; } = new();

    /// <summary>Content-Length headers of those POSTs.</summary>
    public ConcurrentQueue<long?> ReceivedLengths { get; } = new();

    public static async Task<HttpLab> StartAsync()
    {
        var pki = LabPki.Create("http-tests", DateTimeOffset.UtcNow);
        var context = new NodeContext("http-tests", pki, new LabDirectory(), IPAddress.Loopback, NullLoggerFactory.Instance, TimeProvider.System);
        var directory = Path.Combine(Path.GetTempPath(), "faultlab-http-" + Guid.NewGuid().ToString("N"));
        pki.ExportPublic(directory);
        var lab = new HttpLab(context, directory);

        var idp = await WebNodeHost.StartAsync(context, http: true,
            certificateFor: _ => WebNodeHost.ContextFor(pki.PublicOrigin.LeafFor("idp.lab"), pki.PublicOrigin.IntermediatesForServer()),
            map: lab.MapOrigin, CancellationToken.None);
        lab._origins.Add(idp);
        context.Directory.Register(new ServiceAddress("idp.lab", 443, Transport.Tcp), new IPEndPoint(IPAddress.Loopback, idp.HttpsPort!.Value));
        context.Directory.Register(new ServiceAddress("idp.lab", 80, Transport.Tcp), new IPEndPoint(IPAddress.Loopback, idp.HttpPort!.Value));
        context.Directory.Register(new ServiceAddress("portal.lab", 80, Transport.Tcp), new IPEndPoint(IPAddress.Loopback, idp.HttpPort!.Value));

        // A site whose certificate comes from a CA the lab does not trust.
        var rogue = await WebNodeHost.StartAsync(context, http: false,
            certificateFor: _ => WebNodeHost.ContextFor(pki.AcmeProxy.LeafFor("rogue.lab"), []),
            map: app => app.MapGet("/", () => "rogue"), CancellationToken.None);
        lab._origins.Add(rogue);
        context.Directory.Register(new ServiceAddress("rogue.lab", 443, Transport.Tcp), new IPEndPoint(IPAddress.Loopback, rogue.HttpsPort!.Value));
        return lab;
    }

    private void MapOrigin(WebApplication app)
    {
        app.MapGet("/", (HttpContext http) => $"hello from idp.lab over {http.Request.Scheme}");
        app.MapGet("/whoami", (HttpContext http) => WebNodeHost.RemoteAddress(http).ToString());
        app.MapGet("/login", () => "portal login page");
        app.MapGet("/headers", (HttpContext http) => string.Join("\n", http.Request.Headers.Select(h => $"{h.Key}: {h.Value}")));
        app.MapPost("/acs", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            ReceivedLengths.Enqueue(http.Request.ContentLength);
            ReceivedBodies.Enqueue(body.ToArray());
            return $"received {body.Length} bytes";
        });
    }

    /// <summary>Starts a middlebox on link "internet" with these faults (all switched on).</summary>
    public async Task<(HttpMiddlebox Box, FaultSwitch[] Switches)> StartMiddleboxAsync(params Fault[] faults)
    {
        foreach (var f in faults) f.AttachedTo ??= "internet";
        var switches = faults.Select(f => new FaultSwitch(f)).ToArray();
        var box = new HttpMiddlebox(new HttpMiddleboxOptions("internet", new LinkFaults("internet", switches), Context));
        _middleboxes.Add(box);
        await box.StartAsync(CancellationToken.None);
        return (box, switches);
    }

    /// <summary>
    /// An HttpClient that reaches every host through the middlebox transparently (its connections go to
    /// the middlebox, the request still names the lab host), from <paramref name="from"/>, trusting only <paramref name="trust"/>.
    /// </summary>
    public static HttpClient TransparentClient(HttpMiddlebox box, CertificateAuthority? trust = null, IPAddress? from = null) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (from is not null) socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(box.LocalEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, trust) },
        })
        { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>An HttpClient that uses the middlebox as its explicit proxy (CONNECT for HTTPS).</summary>
    public static HttpClient ProxiedClient(HttpMiddlebox box, CertificateAuthority? trust = null) =>
        new(new SocketsHttpHandler
        {
            Proxy = new WebProxy($"http://{box.LocalEndPoint}"),
            UseProxy = true,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, trust) },
        })
        { Timeout = TimeSpan.FromSeconds(5) };

    private static bool Trusted(System.Security.Cryptography.X509Certificates.X509Certificate? cert, System.Net.Security.SslPolicyErrors errors, CertificateAuthority? trust) =>
        trust is not null && cert is not null && (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && ChainsTo(cert, trust);

    private static bool ChainsTo(System.Security.Cryptography.X509Certificates.X509Certificate cert, CertificateAuthority trust)
    {
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trust.Root);
        foreach (var c in trust.IntermediatesForServer()) chain.ChainPolicy.ExtraStore.Add(c);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
    }

    /// <summary>Stops the middleboxes a test started and forgets what the origin received; the origins keep running.</summary>
    public async Task StopMiddleboxesAsync()
    {
        foreach (var box in _middleboxes) await box.DisposeAsync();
        _middleboxes.Clear();
        ReceivedBodies.Clear();
        ReceivedLengths.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopMiddleboxesAsync();
        foreach (var origin in _origins) await origin.DisposeAsync();
        Pki.Dispose();
        if (Directory.Exists(FilesDirectory)) Directory.Delete(FilesDirectory, recursive: true);
    }
}
