using System.Net;
using FaultLab.Middleboxes.Http;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// A captive portal's gateway on the link: until the portal has signed a client in, its plain
/// HTTP is redirected to the portal's login page and its HTTPS (CONNECT or TLS) is refused.
/// The portal itself stays reachable. Sign-in state comes from the portal node, per client.
/// </summary>
public sealed class CaptiveInterceptFault : Fault, IHttpRequestFault, IHttpConnectionFault
{
    public override string Kind => "captive-intercept";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("host name of the captive portal; its login page is http://HOST/login")]
    public string PortalHost { get; set; } = "portal.lab";

    public bool Refuses(HttpConnectionAttempt attempt, FaultSwitch fault)
    {
        if (IsPortal(attempt.DestinationHost) || SignedIn(attempt.IsSignedIn, attempt.Client)) return false;
        fault.Record("refused", $"{(attempt.ExplicitProxy ? "CONNECT" : "TLS")} {attempt.DestinationHost}:{attempt.DestinationPort} from {attempt.Client}");
        return true;
    }

    public async ValueTask<HttpFaultOutcome> ApplyAsync(HttpRequestFaultContext context, CancellationToken cancellationToken)
    {
        if (IsPortal(context.DestinationHost) || SignedIn(context.IsSignedIn, context.Client)) return HttpFaultOutcome.Continue;

        var login = $"http://{PortalHost}/login";
        var response = context.Http.Response;
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = login;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        context.Switch.Record("redirected", $"{context.Http.Request.Method} {context.DestinationHost}{context.Http.Request.Path} from {context.Client}");
        await response.WriteAsync($"<html><body>Sign in to this network at <a href=\"{login}\">{login}</a>.</body></html>\n", cancellationToken);
        return HttpFaultOutcome.Answered;
    }

    private bool IsPortal(string host) => string.Equals(host.TrimEnd('.'), PortalHost, StringComparison.OrdinalIgnoreCase);

    // Without a sign-in source nobody is signed in: the safe reading of a captive network.
    private static bool SignedIn(Func<IPAddress, bool>? isSignedIn, IPAddress client) => isSignedIn?.Invoke(client) ?? false;

    public override IEnumerable<string> Validate()
    {
        if (HostPatternList.Problem(PortalHost) is not null || PortalHost.Contains('*'))
            yield return $"'portalHost' must be a host name, got '{PortalHost}'";
    }

    public override string Describe() => $"{base.Describe()} (HTTP to http://{PortalHost}/login until signed in; HTTPS refused)";
}
