using System.Net;
using System.Text.Json.Nodes;
using FaultLab.Nodes.Web;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Portal;

/// <summary>
/// A hotel-style captive portal. Each client (by IP address) is captive until it signs in with
/// POST /login: until then every HTTP request but the portal's own pages is redirected (302) to the
/// login page, so the OS connectivity probes do not answer as online. After sign-in the probes
/// answer as the real ones do (204, Apple "Success", "Microsoft Connect Test") for the session TTL.
/// The RFC 8908 API is at /captive over HTTPS (and HTTP).
/// </summary>
public sealed class CaptivePortalNode : ILabNode
{
    private const int HttpPort = 80;
    private const int HttpsPort = 443;
    private const string CaptiveJson = "application/captive+json";
    private const string AppleSuccess = "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>";
    private const string MicrosoftConnectTest = "Microsoft Connect Test";

    private readonly CaptivePortalOptions _options;
    private readonly List<NodeEndpoint> _endpoints = [];
    private CaptiveSessions? _sessions;
    private WebNodeHost? _host;
    private ILogger? _log;
    private long _signIns;

    public CaptivePortalNode(CaptivePortalOptions? options = null)
    {
        _options = options ?? new CaptivePortalOptions();
        _options.Validate();
    }

    public string Name => _options.Name;
    public string Role => "portal";
    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>How many sign-ins (and session extensions) the portal accepted.</summary>
    public long SignIns => Interlocked.Read(ref _signIns);

    /// <summary>Raised after a client signed in, with its address.</summary>
    public event Action<IPAddress>? SignedIn;

    /// <summary>Whether <paramref name="client"/> has a live session (false: it is captive).</summary>
    public bool IsSignedIn(IPAddress client) => Sessions.Remaining(client) is not null;

    private bool IsCaptive(IPAddress client) => _options.HoldsClients() && !IsSignedIn(client);

    /// <summary>Signs a client in as if it had accepted the terms (e.g. for a reference solution).</summary>
    public void SignIn(IPAddress client) => AcceptSignIn(client);

    /// <summary>Ends a client's session; it is captive again.</summary>
    public bool SignOut(IPAddress client)
    {
        var ended = Sessions.SignOut(client);
        if (ended) _log?.LogInformation("portal: {Client} signed out", client);
        return ended;
    }

    /// <summary>Makes every client captive again.</summary>
    public void Reset()
    {
        Sessions.Clear();
        _log?.LogInformation("portal: every session ended");
    }

    private CaptiveSessions Sessions => _sessions ?? throw new InvalidOperationException($"{Name} is not started");

    public async Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_host is not null) throw new InvalidOperationException($"{Name} is already started");
        _log = context.Logs.CreateLogger<CaptivePortalNode>();
        _sessions = new CaptiveSessions(context.Clock, _options.SessionTtl);
        var issuer = context.Pki.PublicOrigin;
        var certificate = WebNodeHost.ContextFor(issuer.LeafFor(_options.Host), issuer.IntermediatesForServer());

        _host = await WebNodeHost.StartAsync(context, http: true, _ => certificate, app => app.Run(HandleAsync), cancellationToken);
        var http = new IPEndPoint(context.BindAddress, _host.HttpPort!.Value);
        var https = new IPEndPoint(context.BindAddress, _host.HttpsPort!.Value);

        Register(context.Directory, "http", "http", new ServiceAddress(_options.Host, HttpPort, Transport.Tcp), http);
        Register(context.Directory, "https", "https", new ServiceAddress(_options.Host, HttpsPort, Transport.Tcp), https);
        foreach (var probeHost in _options.ProbeHosts)
            Register(context.Directory, $"probe-{probeHost}", "http", new ServiceAddress(probeHost, HttpPort, Transport.Tcp), http);
        _log.LogInformation("portal {Host} on http {Http} and https {Https}", _options.Host, http, https);
    }

    private void Register(LabDirectory directory, string name, string protocol, ServiceAddress service, IPEndPoint actual)
    {
        directory.Register(service, actual);
        _endpoints.Add(new NodeEndpoint(name, protocol, actual.Address.ToString(), actual.Port, service.ToString()));
    }

    private Task HandleAsync(HttpContext http)
    {
        var client = WebNodeHost.RemoteAddress(http);
        var request = http.Request;
        var path = request.Path.Value ?? "/";

        // The portal's own pages are reachable whether or not the client is signed in.
        if (path.Equals("/captive", StringComparison.OrdinalIgnoreCase))
            return CaptiveApiAsync(http, client);
        if (path.Equals("/login", StringComparison.OrdinalIgnoreCase))
            return HttpMethods.IsPost(request.Method) ? LoginAsync(http, client) : LoginPageAsync(http, client);
        if (path.Equals("/logout", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method))
        {
            SignOut(client);
            return RedirectAsync(http, StatusCodes.Status303SeeOther, "/login");
        }

        if (IsCaptive(client))
        {
            _log!.LogDebug("portal: {Client} is captive; {Host}{Path} redirected to login", client, request.Host, path);
            return RedirectAsync(http, StatusCodes.Status302Found, _options.LoginRedirectUrl);
        }
        return OnlineAsync(http, path);
    }

    private static Task OnlineAsync(HttpContext http, string path)
    {
        NoStore(http.Response);
        switch (path.ToLowerInvariant())
        {
            case "/generate_204":
            case "/gen_204":
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            case "/hotspot-detect.html":
                http.Response.ContentType = "text/html";
                return http.Response.WriteAsync(AppleSuccess, http.RequestAborted);
            case "/connecttest.txt":
                http.Response.ContentType = "text/plain";
                return http.Response.WriteAsync(MicrosoftConnectTest, http.RequestAborted);
            case "/":
                return RedirectAsync(http, StatusCodes.Status302Found, "/login");
            default:
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }

    private Task CaptiveApiAsync(HttpContext http, IPAddress client)
    {
        var remaining = Sessions.Remaining(client);
        var body = new JsonObject
        {
            ["captive"] = IsCaptive(client),
            ["user-portal-url"] = _options.UserPortalUrl,
        };
        // RFC 8908: seconds-remaining counts down to captivity, so it only means something once signed in.
        if (remaining is { } left) body["seconds-remaining"] = (long)Math.Ceiling(left.TotalSeconds);
        body["can-extend-session"] = true;

        NoStore(http.Response);
        http.Response.ContentType = CaptiveJson;
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private Task LoginPageAsync(HttpContext http, IPAddress client)
    {
        var remaining = Sessions.Remaining(client);
        var content = remaining is { } left
            ? $"<p>You are online. Your session ends in {(int)Math.Ceiling(left.TotalMinutes)} minutes.</p>\n"
              + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"accept\" value=\"yes\"><button type=\"submit\">Extend session</button></form>\n"
              + "<form method=\"post\" action=\"/logout\"><button type=\"submit\">Disconnect</button></form>"
            : "<p>Accept the terms of use to get online.</p>\n"
              + "<form method=\"post\" action=\"/login\">\n"
              + "<label><input type=\"checkbox\" name=\"accept\" value=\"yes\" required> I accept the terms of use</label>\n"
              + "<button type=\"submit\">Connect</button>\n</form>";
        var venue = WebUtility.HtmlEncode(_options.VenueName);
        NoStore(http.Response);
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            $"<!DOCTYPE html>\n<html><head><title>{venue}</title></head>\n<body>\n<h1>Welcome to {venue}</h1>\n{content}\n</body></html>\n",
            http.RequestAborted);
    }

    private async Task LoginAsync(HttpContext http, IPAddress client)
    {
        // Any POST signs in, as the click-through portals do; the form only carries accept=yes.
        if (http.Request.HasFormContentType) await http.Request.ReadFormAsync(http.RequestAborted);
        AcceptSignIn(client);
        await RedirectAsync(http, StatusCodes.Status303SeeOther, "/login");
    }

    private void AcceptSignIn(IPAddress client)
    {
        var until = Sessions.SignIn(client);
        Interlocked.Increment(ref _signIns);
        _log?.LogInformation("portal: {Client} signed in until {Until:O}", client, until);
        SignedIn?.Invoke(client);
    }

    private static Task RedirectAsync(HttpContext http, int status, string location)
    {
        NoStore(http.Response);
        http.Response.StatusCode = status;
        http.Response.Headers.Location = location;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($"<html><body><a href=\"{WebUtility.HtmlEncode(location)}\">Sign in to the network</a></body></html>\n", http.RequestAborted);
    }

    private static void NoStore(HttpResponse response) => response.Headers.CacheControl = "no-cache, no-store, must-revalidate";

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
    }
}
