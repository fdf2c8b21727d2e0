using System.Net;
using FaultLab.Agent.Network;
using FaultLab.Settings;
using FaultLab.World;

namespace FaultLab.Tests.Agent.Network;

public class TrustedNetworkDetectorTests
{
    private static readonly IPAddress OfficeDns = IPAddress.Parse("10.0.0.53");
    private static readonly IPAddress PublicDns = IPAddress.Parse("198.51.100.53");
    private static readonly HostnameIpCriterion Intranet = new("intranet.corp.lab", IPAddress.Parse("10.0.0.5"));

    private ScriptedResolver _dns = null!;

    [SetUp]
    public void CreateResolver() => _dns = new ScriptedResolver().Answer("intranet.corp.lab", "10.0.0.5");

    private static NetworkFacts Office(bool vpn = false) => NetworkFacts.From(NetworkProfile.Find("office")!, OfficeDns, vpn);

    private static NetworkFacts Home() => NetworkFacts.From(NetworkProfile.Find("home")!, PublicDns);

    private static TrustedNetworkCriteria Criteria(CriteriaMatch match, bool searchDomain = true, bool hostname = true, bool dnsServer = false) => new(
        dnsServer ? [OfficeDns] : [],
        searchDomain ? ["corp.lab"] : [],
        hostname ? [Intranet] : [],
        match);

    private Task<TrustedNetworkVerdict> Detect(TrustedNetworkCriteria criteria, NetworkFacts facts, TimeSpan? timeout = null) =>
        new TrustedNetworkDetector(timeout).DetectAsync(criteria, facts, _dns.Resolver, CancellationToken.None);

    [Test]
    public async Task DefaultPolicy_OfficeIsTrusted_HomeIsNot()
    {
        var criteria = TrustedNetworkCriteria.FromPolicy(SettingsDocument.DefaultPolicy());

        var office = await Detect(criteria, Office());
        var home = await Detect(criteria, Home());

        Assert.That(office.State, Is.EqualTo(NetworkState.OnTrusted), office.Summary);
        Assert.That(home.State, Is.EqualTo(NetworkState.OffTrusted), home.Summary);
        Assert.That(home.Criteria.Single().Reason, Is.EqualTo("search domains (home.arpa) are not among corp.lab"));
    }

    [Test]
    public async Task MatchAll_AtTheOffice_WithEveryCriterionMet_IsOnTrusted()
    {
        var verdict = await Detect(Criteria(CriteriaMatch.All, dnsServer: true), Office());

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OnTrusted), verdict.Summary);
        Assert.That(verdict.Criteria.Select(c => c.Matched), Is.EqualTo(new[] { true, true, true }));
    }

    [Test]
    public async Task MatchAny_HostnameLookupFails_StaticSearchDomainStillKeepsTheOfficeTrusted()
    {
        _dns.Forget("intranet.corp.lab").FailureReason = "SERVFAIL";

        var verdict = await Detect(Criteria(CriteriaMatch.Any), Office());

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OnTrusted), verdict.Summary);
        Assert.That(verdict.Criteria.Single(c => c.Criterion == "hostname intranet.corp.lab").Matched, Is.False);
    }

    [Test]
    public async Task MatchAll_HostnameLookupFails_FlipsTheOfficeToOffTrusted_AndSaysWhy()
    {
        _dns.Forget("intranet.corp.lab").FailureReason = "SERVFAIL";

        var verdict = await Detect(Criteria(CriteriaMatch.All), Office());

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OffTrusted));
        var hostname = verdict.Criteria.Single(c => c.Criterion == "hostname intranet.corp.lab");
        Assert.That(hostname.Matched, Is.False);
        Assert.That(hostname.Reason, Is.EqualTo("intranet.corp.lab: SERVFAIL"));
        Assert.That(verdict.Summary, Does.StartWith("OffTrusted: match all, 1 of 2 criteria matched"));
    }

    [Test]
    public async Task HostnameOnly_TheVerdictFollowsDns_FromOnTrustedToOffTrusted()
    {
        var criteria = Criteria(CriteriaMatch.Any, searchDomain: false);

        var resolving = await Detect(criteria, Office());
        _dns.Forget("intranet.corp.lab");
        var failing = await Detect(criteria, Office());

        Assert.That(resolving.State, Is.EqualTo(NetworkState.OnTrusted));
        Assert.That(failing.State, Is.EqualTo(NetworkState.OffTrusted));
        Assert.That(failing.Criteria.Single().Reason, Is.EqualTo("intranet.corp.lab: NXDOMAIN"));
    }

    [Test]
    public async Task HostnameLookupThatNeverAnswers_CountsAsNotMatched_AfterTheTimeout()
    {
        _dns.Silent.Add("intranet.corp.lab");

        var verdict = await Detect(Criteria(CriteriaMatch.Any, searchDomain: false), Office(), TimeSpan.FromMilliseconds(100));

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OffTrusted));
        Assert.That(verdict.Criteria.Single().Reason, Is.EqualTo("intranet.corp.lab: no answer within 100 ms"));
    }

    [Test]
    public async Task ResolverThatThrows_CountsAsNotMatched_WithTheError()
    {
        _dns.Throwing.Add("intranet.corp.lab");

        var verdict = await Detect(Criteria(CriteriaMatch.Any, searchDomain: false), Office());

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OffTrusted));
        Assert.That(verdict.Criteria.Single().Reason, Is.EqualTo("intranet.corp.lab: lookup failed: resolver socket closed"));
    }

    [Test]
    public async Task HostnameResolvingElsewhere_IsNotMatched_AndNamesBothAddresses()
    {
        _dns.Answer("intranet.corp.lab", "203.0.113.7");

        var verdict = await Detect(Criteria(CriteriaMatch.Any, searchDomain: false), Office());

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OffTrusted));
        Assert.That(verdict.Criteria.Single().Reason, Is.EqualTo("intranet.corp.lab resolved to 203.0.113.7, expected 10.0.0.5"));
    }

    [Test]
    public async Task DnsServerCriterion_MatchesOnlyTheResolverInUse()
    {
        var criteria = Criteria(CriteriaMatch.Any, searchDomain: false, hostname: false, dnsServer: true);

        Assert.That((await Detect(criteria, Office())).State, Is.EqualTo(NetworkState.OnTrusted));
        Assert.That((await Detect(criteria, Home())).State, Is.EqualTo(NetworkState.OffTrusted));
    }

    [Test]
    public async Task TrustedOverVpn_IsVpnTrusted()
    {
        var verdict = await Detect(Criteria(CriteriaMatch.Any), Office(vpn: true));

        Assert.That(verdict.State, Is.EqualTo(NetworkState.VpnTrusted));
    }

    [Test]
    public async Task NoCriteria_IsOffTrusted_WithoutAnyLookup()
    {
        var verdict = await Detect(new TrustedNetworkCriteria([], [], [], CriteriaMatch.All), Office());

        Assert.That(verdict.State, Is.EqualTo(NetworkState.OffTrusted));
        Assert.That(verdict.Summary, Does.Contain("no trusted-network criteria"));
        Assert.That(_dns.Queries, Is.Empty);
    }

    [Test]
    public void FromPolicy_ReadsHostnamePairsAndMatchMode()
    {
        var policy = SettingsDocument.DefaultPolicy();
        policy.SetFromText("trustedNetwork.hostnameIp", """[{"host": "intranet.corp.lab", "ip": "10.0.0.5"}]""");
        policy.SetFromText("trustedNetwork.dnsServers", """["10.0.0.53"]""");
        policy.SetFromText("trustedNetwork.match", "all");

        var criteria = TrustedNetworkCriteria.FromPolicy(policy);

        Assert.That(criteria.HostnameIp, Is.EqualTo(new[] { Intranet }));
        Assert.That(criteria.DnsServers, Is.EqualTo(new[] { OfficeDns }));
        Assert.That(criteria.Match, Is.EqualTo(CriteriaMatch.All));
    }

    [TestCase("trustedNetwork.match", "most", "'trustedNetwork.match' takes any or all, got 'most'")]
    [TestCase("trustedNetwork.dnsServers", """["ten.0.0.53"]""", "'trustedNetwork.dnsServers': 'ten.0.0.53' is not an IP address")]
    [TestCase("trustedNetwork.hostnameIp", """[{"name": "x"}]""", "'trustedNetwork.hostnameIp' takes entries like")]
    public void FromPolicy_RefusesAValueItCannotUse_NamingTheKey(string key, string value, string expected)
    {
        var policy = SettingsDocument.DefaultPolicy();
        policy.SetFromText(key, value);

        Assert.That(() => TrustedNetworkCriteria.FromPolicy(policy), Throws.TypeOf<SettingsException>().With.Message.StartsWith(expected));
    }
}
