using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// The agent update host (update.edge.lab, HTTPS): GET /api/v1/latest describes the target build
/// (version, url, sha256, size) and the package URL serves its bytes.
/// </summary>
public sealed class UpdateHostNode : ILabNode
{
    public const string LatestPath = "/api/v1/latest";
    private const string PackagesPath = "/packages/";

    private readonly UpdateHostOptions _options;
    private SiteHost? _site;
    private long _downloads;

    public UpdateHostNode(UpdateHostOptions? options = null)
    {
        _options = options ?? new UpdateHostOptions();
        _options.Validate();
        Package = UpdatePackage.For(_options.TargetVersion, _options.PackageSizeBytes);
    }

    public string Name => _options.Name;
    public string Role => "update";
    public IReadOnlyList<NodeEndpoint> Endpoints => _site?.Endpoints ?? [];

    /// <summary>The build offered as latest.</summary>
    public UpdatePackage Package { get; }

    /// <summary>The absolute URL of the package, as /api/v1/latest gives it.</summary>
    public string PackageUrl => $"https://{_options.Host}{PackagesPath}{Package.FileName}";

    /// <summary>Package downloads started (GET, not HEAD): the agent fetched the build.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    public async Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_site is not null) throw new InvalidOperationException($"{Name} is already started");
        _site = await SiteHost.StartAsync(context, _options.Host, context.Pki.PublicOrigin, serveHttp: false,
            app => app.Run(HandleAsync), cancellationToken);
    }

    private Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }
        if (path == LatestPath)
        {
            var latest = new JsonObject
            {
                ["version"] = Package.Version,
                ["url"] = PackageUrl,
                ["sha256"] = Package.Sha256,
                ["size"] = Package.Size,
            };
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(latest.ToJsonString(), http.RequestAborted);
        }
        if (path == PackagesPath + Package.FileName)
        {
            http.Response.ContentType = "application/octet-stream";
            http.Response.ContentLength = Package.Size;
            return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : ServePackageAsync(http);
        }
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private Task ServePackageAsync(HttpContext http)
    {
        // Counted before the bytes go out, so the count is settled by the time the client has them.
        Interlocked.Increment(ref _downloads);
        return http.Response.Body.WriteAsync(Package.Content, http.RequestAborted).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        if (_site is not null) await _site.DisposeAsync();
        _site = null;
    }
}
