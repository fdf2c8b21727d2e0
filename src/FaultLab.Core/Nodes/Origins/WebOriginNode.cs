using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// A web site of "the internet" (www.example.lab, or the certificate-pinned teams.example.lab):
/// HTTPS on 443 (and HTTP on 80) with a home page naming the host and /healthz.
/// </summary>
public sealed class WebOriginNode : ILabNode
{
    private readonly WebOriginOptions _options;
    private SiteHost? _site;

    public WebOriginNode(WebOriginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public string Name => _options.Name ?? _options.Host;
    public string Role => "origin";
    public IReadOnlyList<NodeEndpoint> Endpoints => _site?.Endpoints ?? [];

    public async Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_site is not null) throw new InvalidOperationException($"{Name} is already started");
        var issuer = _options.Issuer ?? context.Pki.PublicOrigin;
        var title = _options.Title ?? _options.Host;
        _site = await SiteHost.StartAsync(context, _options.Host, issuer, _options.ServeHttp, app => app.Run(http =>
        {
            switch (http.Request.Path.Value)
            {
                case "/":
                    return SiteHost.WritePageAsync(http, title, $"{_options.Body} You reached {_options.Host}.");
                default:
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
            }
        }), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_site is not null) await _site.DisposeAsync();
        _site = null;
    }
}
