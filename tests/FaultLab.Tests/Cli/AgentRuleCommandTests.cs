using System.Diagnostics;
using System.Text.Json.Nodes;
using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Tests.Support;
using static FaultLab.Tests.Cli.CliAgentObserver;

namespace FaultLab.Tests.Cli;

/// <summary>
/// Each rule the agent follows, driven only through the faultlab verbs a trainee or instructor types
/// (agent, portal, device, net, fault) on a running lab, and judged by what those verbs show.
/// </summary>
public sealed class AgentRuleCommandTests
{
    private const string NotConnectedSummary = "NOT going through the edge service";

    /// <summary>A lab of the standard world on <paramref name="network"/> with only the given policy and faults.</summary>
    private static Task<RunningLab> StartLabAsync(string body = "", string network = "home") =>
        RunningLab.StartAsync(new LabFileParser(FaultCatalog.Standard).Parse($"""
            id: rule-lab
            scenario: 0
            title: rule under test
            category: toolbox
            level: L1
            briefing: a lab for one agent rule
            network: {network}
            {body}
            diagnosis: test.rule
            verify:
              - agent: {"{ authentication: Authenticated }"}
            solution:
              - agent restart-service
            """, "labs/rule-lab.yaml"));

    private static string Name(RunningLab lab) => lab.Host.Record.Name;

    [Test]
    public async Task HealthyLab_ComesUpOverDtlsWithinSeconds_AndEveryAppWorks()
    {
        await using var lab = await StartLabAsync();
        var clock = Stopwatch.StartNew();
        var status = await HealthyAsync(lab);
        var upAfter = clock.Elapsed;

        var ipcheck = await AppAsync(lab, "ipcheck");
        var browser = await AppAsync(lab, "browser");
        var hr = await AppAsync(lab, "hr");
        var ssh = await AppAsync(lab, "ssh");
        var teams = await AppAsync(lab, "teams");
        var update = await AppAsync(lab, "update");

        Assert.Multiple(() =>
        {
            Assert.That(upAfter, Is.LessThan(TimeSpan.FromSeconds(10)), "a healthy agent is up within a few seconds");
            Assert.That(Text(status, "authentication"), Is.EqualTo("Authenticated"));
            Assert.That(Text(status, "tunnel"), Is.EqualTo("Established over DTLS"));
            Assert.That(Text(status, "internetSecurity"), Is.EqualTo("On"));
            Assert.That(Text(status, "privateAccess"), Is.EqualTo("On"));
            Assert.That(Text(status, "network"), Is.EqualTo("OffTrusted"));
            Assert.That(status["edge"]?["city"]?.GetValue<string>(), Is.EqualTo("Frankfurt"));

            Assert.That(ipcheck.ExitCode, Is.EqualTo(0), ipcheck.ToString());
            Assert.That(ipcheck.Field("connected"), Is.EqualTo("true"), ipcheck.ToString());
            Assert.That(ipcheck.Field("city"), Is.EqualTo("Frankfurt"), ipcheck.ToString());
            foreach (var app in new[] { browser, hr, ssh, update })
                Assert.That(app.ExitCode, Is.EqualTo(0), app.ToString());
            Assert.That(browser.Field("route"), Does.StartWith("tunnel via"), browser.ToString());
            Assert.That(ssh.Field("route"), Does.StartWith("tunnel via"), ssh.ToString());
            Assert.That(hr.Field("privateAccess"), Is.EqualTo("On"), hr.ToString());
            Assert.That(update.Field("installed") ?? update.Field("latest"), Is.EqualTo("4.5.0.300"), update.ToString());
            Assert.That(teams.ExitCode, Is.EqualTo(0), teams.ToString());
            Assert.That(teams.Field("lossPercent"), Is.EqualTo("0"), teams.ToString());
        });
    }

    [Test]
    public async Task ClockAhead412Seconds_AuthenticationLoops_UntilResyncAndRestart()
    {
        await using var lab = await RunningLab.StartAsync("auth-clock-skew");
        var name = Name(lab);
        Assert.That(await RunAsync(lab, "device", name, "get", "clockOffsetSeconds"), Does.Contain("412"));

        // The loop, as the guide describes it: the status cycles Authenticating -> Registering -> back, the
        // assertion refused on the device each time, and never settles on Authenticated.
        var seen = new List<JsonNode>();
        seen.Add(await StatusWhen(lab, s =>
        {
            seen.Add(s);
            var states = seen.Select(x => Text(x, "authentication")).ToHashSet();
            return states.Contains("Authenticating") && states.Contains("Registering")
                   && Events(s).Count(e => e.Contains("assertion was refused", StringComparison.Ordinal)) >= 3;
        }, TimeSpan.FromSeconds(15)));
        seen.AddRange(await StatusesAsync(lab, 4));
        Assert.Multiple(() =>
        {
            Assert.That(seen.Select(s => Text(s, "authentication")), Is.All.AnyOf("Authenticating", "Registering"));
            Assert.That(seen.Select(s => Text(s, "authentication")), Does.Contain("Authenticating").And.Contain("Registering"), "both halves of the loop show");
            Assert.That(seen.Select(s => Text(s, "internetSecurity")), Is.All.EqualTo("Off"));
            // The laptop is at home: a failing sign-in must not read as a captive portal.
            Assert.That(seen.Select(s => Text(s, "network")), Is.All.EqualTo("OffTrusted"));
            Assert.That(seen[^1]["lastError"]?.GetValue<string>(), Does.Contain("assertion was refused"));
        });
        Assert.That(await RunAsync(lab, "agent", name, "clock", "status"), Does.Contain("more than 300 s off"));

        await RunAsync(lab, "agent", name, "clock", "resync");
        await RunAsync(lab, "agent", name, "restart-service");
        var status = await HealthyAsync(lab);
        Assert.That(Text(status, "internetSecurity"), Is.EqualTo("On"));
        Assert.That(await RunAsync(lab, "device", name, "get", "clockOffsetSeconds"), Does.Contain("= 0"));
    }

    [Test]
    public async Task ForwardingActionNone_IpCheckSaysNotGoingThrough_WhileAuthenticated()
    {
        await using var lab = await StartLabAsync();
        var name = Name(lab);
        await HealthyAsync(lab);
        Assert.That((await AppAsync(lab, "ipcheck")).Field("connected"), Is.EqualTo("true"), "through the edge before the change");

        await RunAsync(lab, "portal", name, "set", "forwarding.offTrusted", "none");
        await RunAsync(lab, "agent", name, "update-policy");
        var ipcheck = await AppAsync(lab, "ipcheck");
        var status = await StatusAsync(lab);

        Assert.Multiple(() =>
        {
            Assert.That(ipcheck.ExitCode, Is.EqualTo(1), ipcheck.ToString());
            Assert.That(ipcheck.Summary, Is.EqualTo(NotConnectedSummary), ipcheck.ToString());
            Assert.That(ipcheck.Field("connected"), Is.EqualTo("false"), ipcheck.ToString());
            Assert.That(ipcheck.Field("route"), Is.EqualTo("direct"), ipcheck.ToString());
            Assert.That(Text(status, "authentication"), Is.EqualTo("Authenticated"));
            Assert.That(Text(status, "network"), Is.EqualTo("OffTrusted"));
        });
    }

    [Test]
    public async Task EnforcePacWithDirectForOneHost_ThatHostGoesDirect_OthersThroughTheEdge()
    {
        await using var lab = await StartLabAsync();
        var name = Name(lab);
        await HealthyAsync(lab);

        await RunAsync(lab, "portal", name, "set", "forwarding.offTrusted", "enforce-pac");
        await RunAsync(lab, "portal", name, "set", "pac",
            """function FindProxyForURL(url, host) { if (dnsDomainIs(host, "ip.edge.lab")) return "DIRECT"; return "PROXY gateway.edge.lab:9400"; }""");
        await RunAsync(lab, "agent", name, "update-policy");
        var ipcheck = await AppAsync(lab, "ipcheck");
        var browser = await AppAsync(lab, "browser");
        Assert.Multiple(() =>
        {
            Assert.That(ipcheck.ExitCode, Is.EqualTo(1), ipcheck.ToString());
            Assert.That(ipcheck.Field("route"), Is.EqualTo("direct"), ipcheck.ToString());
            Assert.That(ipcheck.Summary, Is.EqualTo(NotConnectedSummary), ipcheck.ToString());
            Assert.That(browser.ExitCode, Is.EqualTo(0), browser.ToString());
            Assert.That(browser.Field("route"), Does.StartWith("tunnel via"), browser.ToString());
        });

        await RunAsync(lab, "portal", name, "set", "pac",
            """function FindProxyForURL(url, host) { return "PROXY gateway.edge.lab:9400"; }""");
        await RunAsync(lab, "agent", name, "update-policy");
        var fixedIpcheck = await AppAsync(lab, "ipcheck");
        Assert.That(fixedIpcheck.Field("connected"), Is.EqualTo("true"), fixedIpcheck.ToString());
    }

    [Test]
    public async Task SslInspectionOfThePinnedApp_TeamsFailsWithACertificateError_BypassFixesIt()
    {
        await using var lab = await RunningLab.StartAsync("ssl-pinning");
        var name = Name(lab);
        await HealthyAsync(lab);
        Assert.That(await RunAsync(lab, "portal", name, "get", "sslInspection.bypass"), Does.Not.Contain("teams.example.lab"));

        var inspected = await AppAsync(lab, "teams");
        var browser = await AppAsync(lab, "browser");
        Assert.Multiple(() =>
        {
            Assert.That(inspected.ExitCode, Is.EqualTo(1), inspected.ToString());
            Assert.That(inspected.Summary, Does.Contain("certificate"), inspected.ToString());
            Assert.That(inspected.Field("issuer"), Does.Contain("FaultLab Edge Inspection CA"), inspected.ToString());
            Assert.That(browser.ExitCode, Is.EqualTo(0), browser.ToString());
            Assert.That(browser.Field("issuer"), Does.Contain("FaultLab Edge Inspection CA"), browser.ToString());
        });

        await RunAsync(lab, "portal", name, "set", "sslInspection.bypass", """["*.edge.lab","idp.lab","teams.example.lab"]""");
        await RunAsync(lab, "agent", name, "update-policy");
        var bypassed = await AppAsync(lab, "teams");
        Assert.Multiple(() =>
        {
            Assert.That(bypassed.ExitCode, Is.EqualTo(0), bypassed.ToString());
            Assert.That(bypassed.Field("issuer"), Does.Contain("FaultLab Teams Origin CA"), bypassed.ToString());
            Assert.That(bypassed.Field("lossPercent"), Is.EqualTo("0"), bypassed.ToString());
        });
    }

    [Test]
    public async Task DiskEncryptionOff_HrDeniedWithPrivateAccessOff_RestoredAllowed()
    {
        await using var lab = await StartLabAsync();
        var name = Name(lab);
        await HealthyAsync(lab);
        Assert.That((await AppAsync(lab, "hr")).ExitCode, Is.EqualTo(0), "hr opens before the change");

        await RunAsync(lab, "device", name, "set", "diskEncryption", "false");
        await RunAsync(lab, "agent", name, "update-policy");
        var off = await StatusWhen(lab, s => Text(s, "privateAccess") == "Off");
        var denied = await AppAsync(lab, "hr");
        var browser = await AppAsync(lab, "browser");
        Assert.Multiple(() =>
        {
            Assert.That(Text(off, "internetSecurity"), Is.EqualTo("On"), "only private access depends on posture");
            Assert.That(denied.ExitCode, Is.EqualTo(1), denied.ToString());
            Assert.That(denied.Summary, Does.StartWith("access denied"), denied.ToString());
            Assert.That(denied.Field("reason"), Does.Contain("ncryption").IgnoreCase, denied.ToString());
            Assert.That(browser.ExitCode, Is.EqualTo(0), browser.ToString());
        });

        await RunAsync(lab, "device", name, "set", "diskEncryption", "true");
        await RunAsync(lab, "agent", name, "update-policy");
        await StatusWhen(lab, s => Text(s, "privateAccess") == "On");
        var allowed = await AppAsync(lab, "hr");
        Assert.That(allowed.ExitCode, Is.EqualTo(0), allowed.ToString());
    }

    [Test]
    public async Task JoiningTheOffice_IsDetectedAsTrusted_AndTheOnTrustedActionApplies()
    {
        await using var lab = await StartLabAsync();
        var name = Name(lab);
        await HealthyAsync(lab);
        Assert.That(await RunAsync(lab, "portal", name, "get", "forwarding.onTrusted"), Does.Contain("none"));

        await RunAsync(lab, "net", name, "join", "office");
        var trusted = await StatusWhen(lab, s => Text(s, "network") == "OnTrusted");
        var onTrusted = await AppAsync(lab, "ipcheck");
        Assert.Multiple(() =>
        {
            Assert.That(Text(trusted, "authentication"), Is.EqualTo("Authenticated"));
            Assert.That(onTrusted.ExitCode, Is.EqualTo(1), onTrusted.ToString());
            Assert.That(onTrusted.Field("route"), Is.EqualTo("direct"), onTrusted.ToString());
            Assert.That(onTrusted.Summary, Is.EqualTo(NotConnectedSummary), onTrusted.ToString());
        });

        await RunAsync(lab, "portal", name, "set", "forwarding.onTrusted", "tunnel");
        await RunAsync(lab, "agent", name, "update-policy");
        var tunnelled = await AppAsync(lab, "ipcheck");
        Assert.That(tunnelled.Field("connected"), Is.EqualTo("true"), tunnelled.ToString());

        await RunAsync(lab, "net", name, "join", "hotel-wifi");
        await StatusWhen(lab, s => Text(s, "network") == "OffTrusted");
    }

    [Test]
    public async Task EdgeUnreachable_FailCloseBlocks_FailOpenGoesDirectWithInternetSecurityOff()
    {
        await using var lab = await StartLabAsync("""
            faults:
              - kind: edge-unreachable
                owner: customer
            policy:
              forwarding: { dtlsTimeoutSeconds: 1 }
            """);
        var name = Name(lab);
        await RunAsync(lab, "fault", name, "off", "edge-unreachable");
        await HealthyAsync(lab);

        // Fail-close (the default): with the edges gone the tunnel is down and traffic is held.
        await RunAsync(lab, "fault", name, "on", "edge-unreachable");
        await RunAsync(lab, "agent", name, "restart-service");
        var closed = await StatusWhen(lab, s => Text(s, "authentication") == "Authenticated"
                                                && (s["lastError"]?.GetValue<string>() ?? "").StartsWith("tunnel:", StringComparison.Ordinal));
        var blocked = await AppAsync(lab, "browser");
        Assert.Multiple(() =>
        {
            Assert.That(Text(closed, "internetSecurity"), Is.EqualTo("Off"));
            Assert.That(Text(closed, "tunnel"), Does.Not.StartWith("Established"));
            Assert.That(blocked.ExitCode, Is.EqualTo(1), blocked.ToString());
            Assert.That(blocked.Field("route"), Does.StartWith("blocked"), blocked.ToString());
        });

        // Fail-open: after its timeout the agent lets traffic out direct and says protection is off.
        await RunAsync(lab, "portal", name, "set", "appProfile.failOpen.enabled", "true");
        await RunAsync(lab, "portal", name, "set", "appProfile.failOpen.timeoutSeconds", "1");
        await RunAsync(lab, "agent", name, "update-policy");
        var open = await StatusWhen(lab, s => Events(s).Any(e => e.StartsWith("fail-open", StringComparison.Ordinal)));
        var direct = await AppAsync(lab, "browser");
        var ipcheck = await AppAsync(lab, "ipcheck");
        Assert.Multiple(() =>
        {
            Assert.That(Text(open, "internetSecurity"), Is.EqualTo("Off"));
            Assert.That(direct.ExitCode, Is.EqualTo(0), direct.ToString());
            Assert.That(direct.Field("route"), Is.EqualTo("direct"), direct.ToString());
            Assert.That(ipcheck.Summary, Is.EqualTo(NotConnectedSummary), ipcheck.ToString());
        });
    }

    [Test]
    public async Task EdgeGoesUnreachableWhileConnected_TheAgentNoticesTheTunnelDown_AndFailsOpen()
    {
        // DTLS only: on a busy machine a 1 s DTLS timeout could otherwise fall back to TLS, and
        // edge-unreachable refuses new TCP connections but leaves an established one alone.
        await using var lab = await StartLabAsync("""
            faults:
              - kind: edge-unreachable
                owner: customer
            policy:
              forwarding: { transport: dtls-only, dtlsTimeoutSeconds: 1 }
              appProfile: { failOpen: { enabled: true, timeoutSeconds: 1 } }
            """);
        var name = Name(lab);
        await RunAsync(lab, "fault", name, "off", "edge-unreachable");
        Assert.That(Text(await HealthyAsync(lab), "tunnel"), Is.EqualTo("Established over DTLS"));
        // A fail-open from before the fault went off must not answer for the one this test waits for.
        await RunAsync(lab, "agent", name, "clear-logs");
        await RunAsync(lab, "fault", name, "on", "edge-unreachable");
        var down = await StatusWhen(lab, s => !Text(s, "tunnel").StartsWith("Established", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.That(Text(down, "internetSecurity"), Is.EqualTo("Off"));
        var open = await StatusWhen(lab, s => Events(s).Any(e => e.StartsWith("fail-open", StringComparison.Ordinal)), TimeSpan.FromSeconds(15));
        Assert.That(Events(open).Any(e => e.Contains("keepalive: no answer from", StringComparison.Ordinal)), Is.True,
            "the agent says why the tunnel went down: " + string.Join(" | ", Events(open)));
        Assert.That((await AppAsync(lab, "browser")).Field("route"), Is.EqualTo("direct"));
    }

    [Test]
    public async Task TunnelVersion1_CarriesWebPortsOnly_SshLeavesDirect()
    {
        await using var lab = await StartLabAsync();
        var name = Name(lab);
        await HealthyAsync(lab);
        Assert.That((await AppAsync(lab, "ssh")).Field("route"), Does.StartWith("tunnel via"), "Z-Tunnel 2.0 carries SSH");

        await RunAsync(lab, "portal", name, "set", "forwarding.tunnelVersion", "1");
        await RunAsync(lab, "agent", name, "restart-service");
        await StatusWhen(lab, s => Events(s).Any(e => e.Contains("tunnel v1", StringComparison.Ordinal))
                                   && Text(s, "tunnel").StartsWith("Established", StringComparison.Ordinal));
        var ssh = await AppAsync(lab, "ssh");
        var ipcheck = await AppAsync(lab, "ipcheck");
        var browser = await AppAsync(lab, "browser");
        Assert.Multiple(() =>
        {
            Assert.That(ssh.Field("route"), Is.EqualTo("direct"), ssh.ToString());
            Assert.That(ipcheck.Field("connected"), Is.EqualTo("true"), ipcheck.ToString());
            Assert.That(browser.Field("route"), Does.StartWith("tunnel via"), browser.ToString());
        });
    }

    [Test]
    public async Task FarEdge_StaysLatchedUntilRestartService()
    {
        await using var lab = await RunningLab.StartAsync("far-edge");
        var name = Name(lab);
        var far = await HealthyAsync(lab);
        Assert.That(far["edge"]?["name"]?.GetValue<string>(), Is.EqualTo("edge-sjc"));
        Assert.That((await AppAsync(lab, "ipcheck")).Field("city"), Is.EqualTo("San Jose"));

        // Clearing the latch changes nothing while the service runs, not even a policy update.
        await RunAsync(lab, "device", name, "set", "latchedEdge", "");
        await RunAsync(lab, "agent", name, "update-policy");
        var stillFar = await StatusesAsync(lab, 4);
        Assert.That(stillFar.Select(s => s["edge"]?["name"]?.GetValue<string>()), Is.All.EqualTo("edge-sjc"));
        Assert.That((await AppAsync(lab, "ipcheck")).Field("city"), Is.EqualTo("San Jose"));

        await RunAsync(lab, "agent", name, "restart-service");
        var near = await StatusWhen(lab, s => s["edge"]?["name"]?.GetValue<string>() == "edge-fra"
                                              && Text(s, "tunnel").StartsWith("Established", StringComparison.Ordinal));
        var ipcheck = await AppAsync(lab, "ipcheck");
        Assert.Multiple(() =>
        {
            Assert.That(near["edge"]?["city"]?.GetValue<string>(), Is.EqualTo("Frankfurt"));
            Assert.That(ipcheck.Field("city"), Is.EqualTo("Frankfurt"), ipcheck.ToString());
        });
    }
}
