using System.Net;
using FaultLab.Agent.Forwarding;
using FaultLab.Agent.Network;
using FaultLab.Agent.Pac;
using FaultLab.Settings;
using FaultLab.Tests.Agent.Network;
using FaultLab.World;

namespace FaultLab.Tests.Agent.Forwarding;

public class ForwardingDeciderTests
{
    private static readonly ForwardingRequest Web = ForwardingRequest.ForUrl("https://www.example.lab/");
    private static readonly ForwardingRequest PlainWeb = ForwardingRequest.ForUrl("http://www.example.lab/");
    private static readonly ForwardingRequest Ssh = new("ssh://git.example.lab:22", "git.example.lab", 22);
    private static readonly ForwardingRequest TeamsMedia = new("udp://media.teams.example.lab:3478", "media.teams.example.lab", 3478, Transport.Udp);

    private SettingsDocument _policy = null!;
    private SettingsDocument _device = null!;

    [SetUp]
    public void StartFromDefaults()
    {
        _policy = SettingsDocument.DefaultPolicy();
        _device = SettingsDocument.DefaultDevice();
    }

    private ForwardingDecision Decide(NetworkState network, TunnelState tunnel, ForwardingRequest request, PacResult? pac = null) =>
        new ForwardingDecider().Decide(ForwardingPolicy.FromSettings(_policy, _device), network, tunnel, request, pac);

    private void Set(string key, string value) => _policy.SetFromText(key, value);

    private async Task<PacResult> DefaultPac(ForwardingRequest request) =>
        await new PacEvaluator().EvaluateAsync(_policy.Get("pac")!.GetValue<string>(), request.Url, request.Host,
            new PacEnvironment(new ScriptedResolver().Resolver, IPAddress.Parse("192.168.1.23")), CancellationToken.None);

    // --- action none (scenario 6)

    [TestCase(NetworkState.OnTrusted, "forwarding.onTrusted")]
    [TestCase(NetworkState.OffTrusted, "forwarding.offTrusted")]
    [TestCase(NetworkState.VpnTrusted, "forwarding.vpnTrusted")]
    public void ActionNone_GoesDirect_Unprotected_AndInternetSecurityReadsOff(NetworkState network, string key)
    {
        Set(key, "none");

        var decision = Decide(network, TunnelState.Up, Web);

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(decision.Rule, Is.EqualTo("action-none"));
        Assert.That(decision.ThroughEdge, Is.False);
        Assert.That(decision.SslInspected, Is.False);
        Assert.That(decision.InternetSecurityOn, Is.False);
        Assert.That(decision.Reason, Does.Contain($"forwarding action for {network} is none"));
    }

    // --- tunnel (scenario 4 verify, scenario 12 inspection)

    [Test]
    public void Tunnel_Up_HttpsGoesThroughTheTunnel_AndTheEdgeInspectsIt()
    {
        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, Web);

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Tunnel));
        Assert.That(decision.ThroughEdge, Is.True);
        Assert.That(decision.SslInspected, Is.True);
        Assert.That(decision.InternetSecurityOn, Is.True);
    }

    [TestCase("https://idp.lab/saml", false)]
    [TestCase("https://gateway.edge.lab/", false)]
    [TestCase("https://edge.lab/", true)]
    [TestCase("https://teams.example.lab/", false)]
    [TestCase("https://www.example.lab/", true)]
    [TestCase("http://www.example.lab/", false)]
    public void Tunnel_SslInspection_SkipsBypassedHostsAndPlainHttp(string url, bool inspected)
    {
        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, ForwardingRequest.ForUrl(url));

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Tunnel));
        Assert.That(decision.SslInspected, Is.EqualTo(inspected));
    }

    [Test]
    public void PinnedHostAddedToTheBypass_IsNoLongerInspected()
    {
        Set("sslInspection.bypass", """["*.edge.lab", "idp.lab", "teams.example.lab"]""");

        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, ForwardingRequest.ForUrl("https://teams.example.lab/")).SslInspected, Is.False);
    }

    [Test]
    public void SslInspectionOff_InspectsNothing()
    {
        _policy.Set("sslInspection.enabled", false);

        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, Web).SslInspected, Is.False);
    }

    // --- tunnel v1 carries only web ports (predict question after scenario 5)

    [Test]
    public void TunnelV1_SshOnPort22_GoesDirect_WebStillTunnelled()
    {
        Set("forwarding.tunnelVersion", "1");

        var ssh = Decide(NetworkState.OffTrusted, TunnelState.Up, Ssh);
        var web = Decide(NetworkState.OffTrusted, TunnelState.Up, PlainWeb);

        Assert.That(ssh.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(ssh.Rule, Is.EqualTo("tunnel-v1-web-ports"));
        Assert.That(ssh.Reason, Does.Contain("git.example.lab:22/tcp"));
        Assert.That(web.Route, Is.EqualTo(ForwardingRoute.Tunnel));
    }

    [Test]
    public void TunnelV1_UdpToPort443_IsNotWebAndGoesDirect()
    {
        Set("forwarding.tunnelVersion", "1");

        var quic = Decide(NetworkState.OffTrusted, TunnelState.Up, new ForwardingRequest("https://www.example.lab/", "www.example.lab", 443, Transport.Udp));

        Assert.That(quic.Route, Is.EqualTo(ForwardingRoute.Direct));
    }

    [Test]
    public void TunnelV2_CarriesSshToo()
    {
        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, Ssh).Route, Is.EqualTo(ForwardingRoute.Tunnel));
    }

    // --- tunnel with local proxy (scenario 6)

    [Test]
    public void LocalProxy_WithTheSystemProxyApplied_WebGoesToTheListener()
    {
        Set("forwarding.offTrusted", "tunnel-with-local-proxy");
        _policy.Set("forwarding.localProxyRedirect", false);

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, Web);

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.LocalProxy));
        Assert.That(decision.ThroughEdge, Is.True);
        Assert.That(decision.SslInspected, Is.True);
    }

    [Test]
    public void LocalProxy_WithoutSystemProxyOrRedirect_WebLeaksDirect_WhileInternetSecurityStillReadsOn()
    {
        Set("forwarding.offTrusted", "tunnel-with-local-proxy");
        _policy.Set("forwarding.localProxyRedirect", false);
        _device.Set("systemProxyApplied", false);

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, Web);

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(decision.Rule, Is.EqualTo("local-proxy-not-applied"));
        Assert.That(decision.ThroughEdge, Is.False);
        Assert.That(decision.InternetSecurityOn, Is.True, "the status looks healthy: that is what makes scenario 6 a trap");
    }

    [Test]
    public void LocalProxy_WithoutSystemProxy_ButRedirectOnTunnelV2_WebReachesTheListener()
    {
        Set("forwarding.offTrusted", "tunnel-with-local-proxy");
        _device.Set("systemProxyApplied", false);

        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, Web).Route, Is.EqualTo(ForwardingRoute.LocalProxy));
    }

    [Test]
    public void LocalProxy_RedirectIsAZTunnel2Setting_OnTunnelV1ItDoesNotHelp()
    {
        Set("forwarding.offTrusted", "tunnel-with-local-proxy");
        Set("forwarding.tunnelVersion", "1");
        _device.Set("systemProxyApplied", false);

        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, Web).Route, Is.EqualTo(ForwardingRoute.Direct));
    }

    [Test]
    public void LocalProxy_NonWebTraffic_GoesIntoTheV2Tunnel()
    {
        Set("forwarding.offTrusted", "tunnel-with-local-proxy");
        _device.Set("systemProxyApplied", false);

        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, Ssh).Route, Is.EqualTo(ForwardingRoute.Tunnel));
    }

    // --- enforce PAC (scenario 6: a DIRECT rule skips the edge)

    [Test]
    public async Task EnforcePac_PacDirectForACorporateHost_GoesDirect()
    {
        Set("forwarding.offTrusted", "enforce-pac");
        var request = ForwardingRequest.ForUrl("https://hr.corp.lab/");

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, request, await DefaultPac(request));

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(decision.Reason, Does.Contain("PAC returned DIRECT for hr.corp.lab"));
        Assert.That(decision.ThroughEdge, Is.False);
    }

    [Test]
    public async Task EnforcePac_PacProxyToTheEdge_IsProtectedAndInspected_EvenWithTheTunnelDown()
    {
        Set("forwarding.offTrusted", "enforce-pac");

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Down, Web, await DefaultPac(Web));

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.ViaProxy));
        Assert.That((decision.ProxyHost, decision.ProxyPort), Is.EqualTo(("gateway.edge.lab", 9400)));
        Assert.That(decision.ThroughEdge, Is.True);
        Assert.That(decision.SslInspected, Is.True);
        Assert.That(decision.InternetSecurityOn, Is.True);
    }

    [Test]
    public async Task EnforcePac_PacProxyToAForeignProxy_IsNotThroughTheEdge()
    {
        Set("forwarding.offTrusted", "enforce-pac");
        _policy.SetFromText("pac", "function FindProxyForURL(url, host) { return 'PROXY proxy.hotel.lan:3128'; }");

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, Web, await DefaultPac(Web));

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.ViaProxy));
        Assert.That(decision.ThroughEdge, Is.False);
        Assert.That(decision.SslInspected, Is.False);
    }

    [Test]
    public async Task EnforcePac_BrokenPac_FallsBackToDirect_WithTheFailure()
    {
        Set("forwarding.offTrusted", "enforce-pac");
        _policy.SetFromText("pac", "function FindProxyForURL(url, host) { return ");

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Up, Web, await DefaultPac(Web));

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(decision.Reason, Does.Contain("SyntaxError"));
    }

    // --- tunnel down: fail-close (scenario 4) and fail-open (scenario 15)

    [Test]
    public void TunnelDown_FailClose_BlocksTraffic()
    {
        var decision = Decide(NetworkState.OffTrusted, TunnelState.Down, Web);

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Blocked));
        Assert.That(decision.Rule, Is.EqualTo("tunnel-down"));
        Assert.That(decision.InternetSecurityOn, Is.False);
        Assert.That(decision.InternetSecurity.Reason, Does.Contain("fail-close"));
    }

    [Test]
    public void TunnelDown_FailOpen_SendsTrafficDirect_AndInternetSecurityReadsOff()
    {
        _policy.Set("appProfile.failOpen.enabled", true);

        var decision = Decide(NetworkState.OffTrusted, TunnelState.Down, Web);

        Assert.That(decision.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(decision.ThroughEdge, Is.False);
        Assert.That(decision.SslInspected, Is.False);
        Assert.That(decision.InternetSecurityOn, Is.False);
        Assert.That(decision.InternetSecurity.Reason, Does.Contain("fail-open"));
    }

    [Test]
    public void TunnelDown_FailOpenEnabled_ButNotOnEdgeUnreachable_StillBlocks()
    {
        _policy.Set("appProfile.failOpen.enabled", true);
        _policy.Set("appProfile.failOpen.onEdgeUnreachable", false);

        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Down, Web).Route, Is.EqualTo(ForwardingRoute.Blocked));
    }

    // --- captive portal (scenario 9)

    [Test]
    public void CaptivePortal_ThePortalGoesDirect_EverythingElseIsHeld()
    {
        var portal = Decide(NetworkState.CaptivePortal, TunnelState.Down, ForwardingRequest.ForUrl("http://portal.lab/login"));
        var other = Decide(NetworkState.CaptivePortal, TunnelState.Down, Web);

        Assert.That(portal.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(portal.Rule, Is.EqualTo("captive-portal"));
        Assert.That(other.Route, Is.EqualTo(ForwardingRoute.Blocked));
        Assert.That(other.InternetSecurityOn, Is.False);
    }

    [Test]
    public void CaptivePortal_WithFailOpenOnCaptivePortal_EverythingGoesDirect()
    {
        _policy.Set("appProfile.failOpen.enabled", true);

        var other = Decide(NetworkState.CaptivePortal, TunnelState.Down, Web);

        Assert.That(other.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(other.Reason, Does.Contain("fail-open"));
    }

    // --- UCaaS bypass (scenario 7)

    [Test]
    public void UcaasBypassOn_MediaGoesDirect_EvenWhenFailCloseBlocksTheRest()
    {
        _policy.Set("ucaasBypass.enabled", true);

        var media = Decide(NetworkState.OffTrusted, TunnelState.Down, TeamsMedia);
        var web = Decide(NetworkState.OffTrusted, TunnelState.Down, Web);

        Assert.That(media.Route, Is.EqualTo(ForwardingRoute.Direct));
        Assert.That(media.Rule, Is.EqualTo("ucaas-bypass"));
        Assert.That(web.Route, Is.EqualTo(ForwardingRoute.Blocked));
    }

    [Test]
    public void UcaasBypassOff_MediaRidesTheTunnel()
    {
        Assert.That(Decide(NetworkState.OffTrusted, TunnelState.Up, TeamsMedia).Route, Is.EqualTo(ForwardingRoute.Tunnel));
    }

    // --- the rules and the settings they come from

    [Test]
    public void EveryRule_HasAUniqueName_AndNamesTheScenarioItServes()
    {
        var rules = new ForwardingDecider().Rules;

        Assert.That(rules.Select(r => r.Name), Is.Unique);
        Assert.That(rules.Select(r => r.Serves), Has.All.Contains("scenario"));
    }

    [TestCase("forwarding.offTrusted", "tunel", "'forwarding.offTrusted' takes tunnel, tunnel-with-local-proxy, enforce-pac or none, got 'tunel'")]
    [TestCase("forwarding.tunnelVersion", "3", "'forwarding.tunnelVersion' takes 1 or 2, got 3")]
    [TestCase("sslInspection.bypass", """["*.edge.*"]""", "'sslInspection.bypass': '*.edge.*' is not a host pattern")]
    public void PolicyValueTheDeciderCannotUse_IsRefusedNamingTheKey(string key, string value, string expected)
    {
        Set(key, value);

        Assert.That(() => ForwardingPolicy.FromSettings(_policy, _device),
            Throws.TypeOf<SettingsException>().With.Message.StartsWith(expected));
    }
}
