using System.Collections.Concurrent;
using System.Net;
using FaultLab.Capture;
using FaultLab.Faults;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Http;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;
using FaultLab.Nodes;
using FaultLab.World;

namespace FaultLab.Runtime.Embedded;

/// <summary>
/// The laptop's network on the embedded runtime: each service is reached through the link the
/// lab attaches faults to. A link with faults gets middleboxes in front of each of its services
/// (a UDP relay, a TCP relay, and for web ports an HTTP middlebox when HTTP-level faults act);
/// a link without faults goes straight to the node.
/// </summary>
public sealed class LabNetwork : ILaptopNetwork, IAsyncDisposable
{
    /// <summary>The laptop's own loopback address; the portal and middleboxes key per-client state on it.</summary>
    public static readonly IPAddress DefaultLaptopAddress = IPAddress.Parse("127.0.10.1");

    private readonly LabInstance _instance;
    private readonly ConcurrentDictionary<ServiceAddress, IPEndPoint> _fronts = new();
    private readonly List<IAsyncDisposable> _middleboxes = [];
    private readonly List<NodeEndpoint> _endpoints = [];
    private readonly Dictionary<string, PcapWriter> _captures = [];

    public LabNetwork(LabInstance instance) => _instance = instance;

    public IPAddress LaptopAddress => DefaultLaptopAddress;

    public NetworkProfile Network =>
        NetworkProfile.Find(_instance.Device.Get("network")!.GetValue<string>()) ?? NetworkProfile.All[0];

    /// <summary>The pcap file of each faulty link: what the laptop's side of that link saw.</summary>
    public IReadOnlyDictionary<string, string> CaptureFiles =>
        _captures.Keys.ToDictionary(link => link, CapturePath);

    /// <summary>Where real tools reach each link's middleboxes, for status.</summary>
    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    public IPEndPoint? Route(ServiceAddress service) =>
        _fronts.TryGetValue(service with { Host = service.Host.TrimEnd('.').ToLowerInvariant() }, out var front) ? front
        : _instance.Directory.TryResolve(service, out var actual) ? actual : null;

    /// <summary>Builds the middleboxes for every service whose link carries faults.</summary>
    public async Task StartAsync(NodeContext context, Func<IPAddress, bool> isSignedIn, CancellationToken cancellationToken)
    {
        var http = new Dictionary<string, HttpMiddlebox>();
        foreach (var (service, actual) in _instance.Directory.Services.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal))
        {
            var link = LabLinks.LinkOf(service.Host);
            var faults = _instance.FaultsOn(link);
            if (faults.All.Count == 0) continue;

            if (!_captures.TryGetValue(link, out var capture))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(CapturePath(link))!);
                _captures[link] = capture = PcapWriter.Create(CapturePath(link), _instance.Clock);
            }

            IMiddlebox front;
            if (service.Transport == Transport.Udp)
                front = UdpRelay.Start(service, actual, faults, new UdpRelayOptions { Capture = capture, Clock = _instance.Clock });
            else
            {
                var upstream = actual;
                if (service.Port is 80 or 443 && HasHttpFaults(faults))
                {
                    if (!http.TryGetValue(link, out var box))
                    {
                        box = new HttpMiddlebox(new HttpMiddleboxOptions(link, faults, context) { IsSignedIn = isSignedIn });
                        _middleboxes.Add(box);
                        await box.StartAsync(cancellationToken);
                        http[link] = box;
                        _endpoints.Add(box.Endpoint with { Name = $"{link}-http" });
                    }
                    upstream = box.LocalEndPoint;
                }
                front = TcpRelay.Start(service, upstream, faults, new TcpRelayOptions { Capture = capture, Clock = _instance.Clock });
            }
            _middleboxes.Add(front);
            _fronts[service] = front.ListenEndPoint;
            var kind = service.Transport == Transport.Udp ? "udp-relay" : "tcp-relay";
            _endpoints.Add(new NodeEndpoint($"{link}-{kind}", kind, front.ListenEndPoint.Address.ToString(), front.ListenEndPoint.Port, service.ToString()));
        }
    }

    // Switched-off faults count too: an instructor may switch them on later.
    private static bool HasHttpFaults(LinkFaults faults) =>
        faults.All.Any(f => f.Fault is IHttpRequestFault or IHttpConnectionFault or ITlsResigningFault);

    private string CapturePath(string link) => Path.Combine(_instance.WorkDirectory, "captures", $"link-{link}.pcap");

    public async ValueTask DisposeAsync()
    {
        for (var i = _middleboxes.Count - 1; i >= 0; i--) await _middleboxes[i].DisposeAsync();
        _middleboxes.Clear();
        foreach (var capture in _captures.Values) capture.Dispose();
        _captures.Clear();
    }
}
