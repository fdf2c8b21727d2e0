using System.Net;
using FaultLab.Nodes.Web;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// The ip-check site (the product's "ip" page), at ip.edge.lab on HTTP and HTTPS: it tells a
/// visitor whether the request came from an edge's egress address, and from which edge.
/// </summary>
public sealed class IpCheckNode : ILabNode
{
    public const string Host = "ip.edge.lab";

    public const string NotConnectedText =
        "The request received from you didn't come from an edge IP therefore you are NOT going through the edge service.";

    private readonly EdgeEgressRegistry _edges;
    private readonly List<NodeEndpoint> _endpoints = [];
    private WebNodeHost? _web;

    public IpCheckNode(EdgeEgressRegistry edges, string name = "ipcheck")
    {
        _edges = edges;
        Name = name;
    }

    public string Name { get; }

    public string Role => "origin";

    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>The page text for a visitor connected through <paramref name="edge"/>.</summary>
    public static string ConnectedText(EdgeIdentity edge) =>
        $"You are accessing the Internet via FaultLab Edge: {edge.City} in the {edge.Cloud} cloud.";

    /// <summary>What the page says to a request from <paramref name="source"/>.</summary>
    public string TextFor(IPAddress source) => _edges.EdgeFor(source) is { } edge ? ConnectedText(edge) : NotConnectedText;

    public async Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var certificate = WebNodeHost.ContextFor(context.Pki.PublicOrigin.LeafFor(Host), context.Pki.PublicOrigin.IntermediatesForServer());
        _web = await WebNodeHost.StartAsync(context, http: true, certificateFor: _ => certificate, map: app =>
            app.Run(async http =>
            {
                http.Response.ContentType = "text/plain; charset=utf-8";
                http.Response.Headers.CacheControl = "no-store";
                await http.Response.WriteAsync(TextFor(WebNodeHost.RemoteAddress(http)) + "\n", http.RequestAborted);
            }), cancellationToken);

        Register(context, "http", "http", _web.HttpPort!.Value, 80);
        Register(context, "https", "https", _web.HttpsPort!.Value, 443);
    }

    private void Register(NodeContext context, string name, string protocol, int port, int labPort)
    {
        var service = new ServiceAddress(Host, labPort, Transport.Tcp);
        context.Directory.Register(service, new IPEndPoint(context.BindAddress, port));
        _endpoints.Add(new NodeEndpoint(name, protocol, context.BindAddress.ToString(), port, service.ToString()));
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null) await _web.DisposeAsync();
    }
}
