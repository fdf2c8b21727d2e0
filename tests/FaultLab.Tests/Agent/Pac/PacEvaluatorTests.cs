using System.Diagnostics;
using System.Net;
using FaultLab.Agent.Pac;
using FaultLab.Settings;
using FaultLab.Tests.Agent.Network;

namespace FaultLab.Tests.Agent.Pac;

public class PacEvaluatorTests
{
    private static readonly IPAddress LaptopAddress = IPAddress.Parse("192.168.1.23");

    private ScriptedResolver _dns = null!;

    [SetUp]
    public void CreateResolver() =>
        _dns = new ScriptedResolver().Answer("hr.corp.lab", "10.20.0.5").Answer("www.example.lab", "203.0.113.10");

    private PacEnvironment Laptop() => new(_dns.Resolver, LaptopAddress);

    private static string Pac(string body) => $"function FindProxyForURL(url, host) {{ {body} }}";

    [TestCase("http://hr.corp.lab/", "hr.corp.lab", "DIRECT")]
    [TestCase("http://intranet/", "intranet", "DIRECT")]
    [TestCase("https://www.example.lab/", "www.example.lab", "PROXY gateway.edge.lab:9400")]
    public async Task DefaultPolicyPac_SendsCorporateHostsDirect_AndEverythingElseToTheEdgeProxy(string url, string host, string expected)
    {
        var pac = SettingsDocument.DefaultPolicy().Get("pac")!.GetValue<string>();

        var result = await new PacEvaluator().EvaluateAsync(pac, url, host, Laptop(), CancellationToken.None);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(result.Decisions, Has.Count.EqualTo(1));
        Assert.That(result.First!.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task PacDirectForOneHost_ProxyForOthers_EachHostGetsItsOwnTypedDecision()
    {
        var pac = Pac("""if (host == "teams.example.lab") return "DIRECT"; return "PROXY gateway.edge.lab:9400; PROXY backup.edge.lab; DIRECT";""");
        var evaluator = new PacEvaluator();

        var teams = await evaluator.EvaluateAsync(pac, "https://teams.example.lab/", "teams.example.lab", Laptop(), CancellationToken.None);
        var other = await evaluator.EvaluateAsync(pac, "https://www.example.lab/", "www.example.lab", Laptop(), CancellationToken.None);

        Assert.That(teams.Decisions, Is.EqualTo(new[] { PacDecision.Direct }));
        Assert.That(other.Decisions, Is.EqualTo(new[]
        {
            PacDecision.Proxy("gateway.edge.lab", 9400),
            PacDecision.Proxy("backup.edge.lab", 80),
            PacDecision.Direct,
        }));
    }

    // Each helper is called inside a real PAC; alert() hands its value back to the test.
    [TestCase("shExpMatch('www.example.lab', '*.example.lab')", "true")]
    [TestCase("shExpMatch('example.lab', '*.example.lab')", "false")]
    [TestCase("shExpMatch('host1.lab', 'host?.lab')", "true")]
    [TestCase("shExpMatch('host12.lab', 'host?.lab')", "false")]
    [TestCase("shExpMatch('a+b.lab', 'a+b.*')", "true")]
    [TestCase("shExpMatch('http://hr.corp.lab/pay', 'http://*.corp.lab/*')", "true")]
    [TestCase("dnsDomainIs('www.corp.lab', '.corp.lab')", "true")]
    [TestCase("dnsDomainIs('www.example.lab', '.corp.lab')", "false")]
    [TestCase("localHostOrDomainIs('www', 'www.corp.lab')", "true")]
    [TestCase("localHostOrDomainIs('www.corp.lab', 'www.corp.lab')", "true")]
    [TestCase("localHostOrDomainIs('home.corp.lab', 'www.corp.lab')", "false")]
    [TestCase("isPlainHostName('intranet')", "true")]
    [TestCase("isPlainHostName('intranet.corp.lab')", "false")]
    [TestCase("dnsDomainLevels('www.corp.lab')", "2")]
    [TestCase("dnsDomainLevels('www')", "0")]
    [TestCase("myIpAddress()", "192.168.1.23")]
    [TestCase("dnsResolve('hr.corp.lab')", "10.20.0.5")]
    [TestCase("dnsResolve('nowhere.lab')", "null")]
    [TestCase("dnsResolve('10.9.8.7')", "10.9.8.7")]
    [TestCase("[1].map(function () { return dnsResolve('hr.corp.lab'); })[0]", "10.20.0.5")]
    [TestCase("(function () { try { return dnsResolve('hr.corp.lab'); } catch (e) { return 'caught'; } })()", "10.20.0.5")]
    [TestCase("isResolvable('hr.corp.lab')", "true")]
    [TestCase("isResolvable('nowhere.lab')", "false")]
    [TestCase("isInNet('hr.corp.lab', '10.20.0.0', '255.255.0.0')", "true")]
    [TestCase("isInNet('www.example.lab', '10.20.0.0', '255.255.0.0')", "false")]
    [TestCase("isInNet('10.21.0.1', '10.20.0.0', '255.255.0.0')", "false")]
    [TestCase("isInNet('nowhere.lab', '0.0.0.0', '0.0.0.0')", "false")]
    [TestCase("isInNet(myIpAddress(), '192.168.1.0', '255.255.255.0')", "true")]
    public async Task HelperFunction_AnswersAsBrowsersDo(string expression, string expected)
    {
        var result = await new PacEvaluator().EvaluateAsync(Pac($"alert(String({expression})); return 'DIRECT';"),
            "http://x.lab/", "x.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(result.Alerts, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task IsInNet_ResolvesTheHostThroughTheLaptopResolver_OncePerName()
    {
        var pac = Pac("""
            if (isInNet(host, "10.20.0.0", "255.255.0.0")) return "DIRECT";
            if (isInNet(host, "10.30.0.0", "255.255.0.0")) return "DIRECT";
            return "PROXY gateway.edge.lab:9400";
            """);

        var corp = await new PacEvaluator().EvaluateAsync(pac, "http://hr.corp.lab/", "hr.corp.lab", Laptop(), CancellationToken.None);

        Assert.That(corp.First, Is.EqualTo(PacDecision.Direct));
        Assert.That(_dns.Queries, Is.EqualTo(new[] { "hr.corp.lab" }));
        Assert.That(corp.Lookups.Single().ToString(), Is.EqualTo("hr.corp.lab -> 10.20.0.5"));
    }

    [Test]
    public async Task PacThatNeverResolves_SendsNoQuery()
    {
        await new PacEvaluator().EvaluateAsync(Pac("return 'DIRECT';"), "http://hr.corp.lab/", "hr.corp.lab", Laptop(), CancellationToken.None);

        Assert.That(_dns.Queries, Is.Empty);
    }

    [Test]
    public async Task ResolverThatNeverAnswers_CountsAsUnresolved_AfterTheResolveTimeout()
    {
        _dns.Silent.Add("hr.corp.lab");
        var evaluator = new PacEvaluator(new PacEvaluatorOptions { ResolveTimeout = TimeSpan.FromMilliseconds(100) });
        var pac = Pac("""return isInNet(host, "10.20.0.0", "255.255.0.0") ? "DIRECT" : "PROXY gateway.edge.lab:9400";""");

        var result = await evaluator.EvaluateAsync(pac, "http://hr.corp.lab/", "hr.corp.lab", Laptop(), CancellationToken.None);

        Assert.That(result.First, Is.EqualTo(PacDecision.Proxy("gateway.edge.lab", 9400)));
        Assert.That(result.Lookups.Single().Failure, Does.Contain("no answer within 100 ms"));
    }

    [Test]
    public async Task SyntaxError_IsATypedFailure_WithTheParsersMessage()
    {
        var result = await new PacEvaluator().EvaluateAsync("function FindProxyForURL(url, host) { return \"DIRECT\" ",
            "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.SyntaxError));
        Assert.That(result.Message, Does.Contain("not valid JavaScript").And.Contain("Unexpected"));
        Assert.That(result.Decisions, Is.Empty);
    }

    [Test]
    public async Task EndlessLoop_IsStoppedByTheTimeLimit()
    {
        var evaluator = new PacEvaluator(new PacEvaluatorOptions { TimeLimit = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();

        var result = await evaluator.EvaluateAsync(Pac("while (true) {} "), "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.TimeLimitExceeded), result.ToString());
        Assert.That(result.Message, Does.Contain("200 ms"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task RunawayRecursion_IsStoppedByTheRecursionLimit()
    {
        var pac = "function deeper(n) { return deeper(n + 1); }\n" + Pac("return deeper(0);");

        var result = await new PacEvaluator().EvaluateAsync(pac, "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.RecursionLimitExceeded), result.ToString());
    }

    [Test]
    public async Task RunawayAllocation_IsStoppedByTheMemoryLimit()
    {
        var evaluator = new PacEvaluator(new PacEvaluatorOptions { MaxMemoryBytes = 4_000_000, TimeLimit = TimeSpan.FromSeconds(5) });
        var pac = Pac("var hoard = []; while (true) { hoard.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + hoard.length); }");

        var result = await evaluator.EvaluateAsync(pac, "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.MemoryLimitExceeded), result.ToString());
    }

    [Test]
    public async Task ScriptThatThrows_IsAScriptError_WithTheThrownMessage()
    {
        var result = await new PacEvaluator().EvaluateAsync(Pac("throw new Error('no route for ' + host);"),
            "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.ScriptError));
        Assert.That(result.Message, Does.Contain("no route for a.lab"));
    }

    [Test]
    public async Task ScriptWithoutFindProxyForUrl_IsAMissingFunction()
    {
        var result = await new PacEvaluator().EvaluateAsync("var proxy = 'PROXY gateway.edge.lab:9400';",
            "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.MissingFunction));
    }

    [TestCase("return 42;", "a number")]
    [TestCase("return;", "undefined")]
    [TestCase("return 'GO gateway.edge.lab:9400';", "holds no DIRECT")]
    public async Task ResultThatIsNoProxyList_IsABadResult(string body, string expectedInMessage)
    {
        var result = await new PacEvaluator().EvaluateAsync(Pac(body), "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.BadResult));
        Assert.That(result.Message, Does.Contain(expectedInMessage));
    }

    [Test]
    public async Task ScriptResolvingEndlesslyManyNames_IsStopped()
    {
        var evaluator = new PacEvaluator(new PacEvaluatorOptions { MaxLookupsPerEvaluation = 3 });
        var pac = Pac("for (var i = 0; i < 100; i++) dnsResolve('n' + i + '.lab'); return 'DIRECT';");

        var result = await evaluator.EvaluateAsync(pac, "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(PacError.TooManyLookups));
        Assert.That(_dns.Queries, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task SamePacText_IsCompiledOnce()
    {
        var evaluator = new PacEvaluator();
        var pac = Pac("return 'DIRECT';");

        for (var i = 0; i < 3; i++)
            await evaluator.EvaluateAsync(pac, $"http://h{i}.lab/", $"h{i}.lab", Laptop(), CancellationToken.None);
        await evaluator.EvaluateAsync(Pac("return 'PROXY gateway.edge.lab:9400';"), "http://a.lab/", "a.lab", Laptop(), CancellationToken.None);

        Assert.That(evaluator.CompileCount, Is.EqualTo(2));
    }

    [Test]
    public void CancellationDuringARun_StopsTheScript_AndThrowsInsteadOfReportingAPacFailure()
    {
        var evaluator = new PacEvaluator(new PacEvaluatorOptions { TimeLimit = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();

        Assert.That(async () => await evaluator.EvaluateAsync(Pac("while (true) {}"), "http://a.lab/", "a.lab", Laptop(), cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }
}
