using System.Net;
using FaultLab.Middleboxes.Http;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// The laptop's network sits behind a captive portal (a hotel's Wi-Fi): until the client signs
/// in at the portal, its plain HTTP is redirected to the login page, its HTTPS is refused and
/// its other traffic (UDP/443 to the edge included) goes nowhere. DNS and the portal itself
/// stay reachable, as on a real hotel network. Sign-in state comes from the portal node.
/// </summary>
public sealed class CaptivePortalFault : Fault, IHttpRequestFault, IHttpConnectionFault, IDatagramFault, IConnectionFault
{
    private readonly CaptiveInterceptFault _http = new();

    public override string Kind => "captive-portal";
    public override FaultTarget Target => FaultTarget.Network;

    [FaultParameter("how long a sign-in lasts, in seconds")]
    public int SessionSeconds { get; set; } = 3600;

    /// <summary>Whether the portal has signed a client in; the runtime connects it to the portal node.</summary>
    public Func<IPAddress, bool> IsSignedIn { get; set; } = _ => false;

    public override IEnumerable<string> Validate()
    {
        if (SessionSeconds < 1) yield return "'sessionSeconds' must be at least 1";
    }

    public ValueTask<HttpFaultOutcome> ApplyAsync(HttpRequestFaultContext context, CancellationToken cancellationToken) =>
        _http.ApplyAsync(context, cancellationToken);

    public bool Refuses(HttpConnectionAttempt attempt, FaultSwitch fault) => _http.Refuses(attempt, fault);

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch)
    {
        if (Reachable(datagram.Service.Host) || IsSignedIn(datagram.Client.Address)) return DatagramVerdict.Pass;
        if (datagram.Direction == Middleboxes.FlowDirection.ToNode)
            faultSwitch.Record("dropped", $"UDP to {datagram.Service} from {datagram.Client.Address} before sign-in");
        return DatagramVerdict.Drop("captive portal: not signed in");
    }

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch)
    {
        // Web ports are left to the HTTP middlebox: 302 for HTTP, a refused handshake for HTTPS.
        if (Reachable(connection.Service.Host) || connection.Service.Port is 80 or 443 || IsSignedIn(connection.Client.Address))
            return ConnectionVerdict.Accept;
        faultSwitch.Record("refused", $"{connection.Service} from {connection.Client.Address} before sign-in");
        return ConnectionVerdict.Refuse("captive portal: not signed in");
    }

    private bool Reachable(string host) =>
        host.Equals(_http.PortalHost, StringComparison.OrdinalIgnoreCase) || host.StartsWith("dns.", StringComparison.OrdinalIgnoreCase);

    public override string Describe() => "captive portal on the laptop's network (HTTP to the portal, everything else blocked until sign-in)";
}
