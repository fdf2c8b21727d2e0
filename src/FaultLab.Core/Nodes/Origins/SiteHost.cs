using System.Net;
using FaultLab.Nodes.Web;
using FaultLab.Pki;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// One named web site of the lab: HTTPS on the lab name's port 443 with a leaf from the given CA
/// (and plain HTTP on port 80 if wanted), registered in the directory, with /healthz. Every response says in
/// <c>X-FaultLab-Seen-From</c> which address the site saw, so a user can tell a direct request from
/// one that came through the edge.
/// </summary>
internal sealed class SiteHost : IAsyncDisposable
{
    public const string SeenFromHeader = "X-FaultLab-Seen-From";
    private const int HttpPort = 80;
    private const int HttpsPort = 443;

    private readonly WebNodeHost _web;

    private SiteHost(WebNodeHost web, IReadOnlyList<NodeEndpoint> endpoints)
    {
        _web = web;
        Endpoints = endpoints;
    }

    public IReadOnlyList<NodeEndpoint> Endpoints { get; }

    public static async Task<SiteHost> StartAsync(NodeContext context, string host, CertificateAuthority issuer, bool serveHttp,
        Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var certificate = WebNodeHost.ContextFor(issuer.LeafFor(host), issuer.IntermediatesForServer());
        var web = await WebNodeHost.StartAsync(context, serveHttp, _ => certificate, app =>
        {
            app.Use((http, next) =>
            {
                http.Response.Headers[SeenFromHeader] = WebNodeHost.RemoteAddress(http).ToString();
                if (http.Request.Path.Value != "/healthz") return next(http);
                http.Response.ContentType = "text/plain";
                return http.Response.WriteAsync("ok\n", http.RequestAborted);
            });
            map(app);
        }, cancellationToken);

        var endpoints = new List<NodeEndpoint>();
        Register(context, endpoints, "https", new ServiceAddress(host, HttpsPort, Transport.Tcp), web.HttpsPort!.Value);
        if (serveHttp) Register(context, endpoints, "http", new ServiceAddress(host, HttpPort, Transport.Tcp), web.HttpPort!.Value);
        return new SiteHost(web, endpoints);
    }

    private static void Register(NodeContext context, List<NodeEndpoint> endpoints, string protocol, ServiceAddress service, int port)
    {
        var actual = new IPEndPoint(context.BindAddress, port);
        context.Directory.Register(service, actual);
        endpoints.Add(new NodeEndpoint(protocol, protocol, actual.Address.ToString(), port, service.ToString()));
    }

    /// <summary>Writes a small HTML page; titles and text are encoded.</summary>
    public static Task WritePageAsync(HttpContext http, string title, string bodyText)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        var encodedTitle = WebUtility.HtmlEncode(title);
        return http.Response.WriteAsync(
            $"<!DOCTYPE html>\n<html><head><title>{encodedTitle}</title></head>\n<body>\n<h1>{encodedTitle}</h1>\n<p>{WebUtility.HtmlEncode(bodyText)}</p>\n</body></html>\n",
            http.RequestAborted);
    }

    public ValueTask DisposeAsync() => _web.DisposeAsync();
}
