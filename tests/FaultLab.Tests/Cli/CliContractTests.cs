using System.Text.Json.Nodes;

namespace FaultLab.Tests.Cli;

public sealed class CliContractTests
{
    private CliRun _cli = null!;

    [SetUp]
    public void Start() => _cli = new CliRun();

    [TearDown]
    public void Stop() => _cli.Dispose();

    [Test]
    public async Task Labs_Json_ListsEveryShippedLab()
    {
        var result = await _cli.InProcessAsync("labs", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var ids = JsonNode.Parse(result.Out)!["labs"]!.AsArray().Select(l => l!["id"]!.GetValue<string>());
        Assert.That(ids, Does.Contain("tunnel-udp-blocked").And.Contain("captive-portal"));
    }

    [Test]
    public async Task Show_PrintsBriefing_NeverFaultsDiagnosisOrSolution()
    {
        var result = await _cli.InProcessAsync("show", "tunnel-udp-blocked");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Out, Does.Contain("every web site times out"));
        Assert.That(result.Out, Does.Not.Contain("udp-drop").And.Not.Contain("tunnel.udp-blocked").And.Not.Contain("dtls-with-tls-fallback"));

        var json = await _cli.InProcessAsync("show", "tunnel-udp-blocked", "--json");
        Assert.That(json.Out, Does.Not.Contain("udp-drop").And.Not.Contain("solution").And.Not.Contain("diagnosis"));
    }

    [Test]
    public async Task UnknownLab_ExitsTwo_WithSuggestion()
    {
        var result = await _cli.InProcessAsync("show", "tunnel-udp-blockd");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error.Trim(), Is.EqualTo("faultlab: no lab 'tunnel-udp-blockd' (did you mean 'tunnel-udp-blocked'?); 'faultlab labs' lists them"));
    }

    [Test]
    public async Task UnknownVerbOrOption_ExitsTwo_WithOneLineReason()
    {
        var verb = await _cli.InProcessAsync("frobnicate");
        Assert.That(verb.ExitCode, Is.EqualTo(2));
        Assert.That(verb.Error, Does.Contain("frobnicate"));

        var option = await _cli.InProcessAsync("labs", "--jsno");
        Assert.That(option.ExitCode, Is.EqualTo(2));
        Assert.That(option.Error, Does.Contain("--jsno").And.Contain("faultlab labs --help"));
    }

    [Test]
    public async Task UnknownInstance_ExitsTwo()
    {
        var result = await _cli.InProcessAsync("status", "nothing-here");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("no instance 'nothing-here'"));
    }

    [Test]
    public async Task Help_TeachesTheVerbs()
    {
        var result = await _cli.InProcessAsync("--help");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        foreach (var verb in new[] { "labs", "show", "up", "down", "status", "verify", "selftest" })
            Assert.That(result.Out, Does.Contain(verb));
        Assert.That(result.Out, Does.Not.Contain("__host"));
    }

    [Test]
    public async Task BadLabFile_IsReportedByLabs_WithFileLineAndReason()
    {
        var dir = Path.Combine(_cli.Home, "labs");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(CliRun.Labs, "captive-portal.yaml"), Path.Combine(dir, "captive-portal.yaml"));
        File.WriteAllText(Path.Combine(dir, "typo.yaml"), File.ReadAllText(Path.Combine(CliRun.Labs, "tunnel-udp-blocked.yaml")).Replace("kind: udp-drop", "kind: udp-dorp"));

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new FaultLab.Cli.CliApp(new FaultLab.Cli.CliConsole(output, error), _cli.State).RunAsync(["labs", "--labs", dir], CancellationToken.None);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("captive-portal"));
        Assert.That(error.ToString().Trim(), Is.EqualTo("faultlab: refused labs/typo.yaml:11:11: unknown fault kind 'udp-dorp' (did you mean 'udp-drop'?)"));
    }
}
