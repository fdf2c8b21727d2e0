using System.Xml.Linq;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Cli;

public sealed class SelftestCommandTests
{
    [Test]
    public async Task Selftest_OnAShippedLab_PassesCatchesTheWorldFaultSwitchedOff_AndWritesValidJUnit()
    {
        using var cli = new CliRun();
        var junit = Path.Combine(cli.Home, "selftest.xml");
        var result = await cli.InProcessAsync("selftest", "tunnel-udp-blocked", "--junit", junit);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        Assert.That(result.Out, Does.Contain("1/1 labs passed"));
        Assert.That(result.Out, Does.Match(@"tunnel-udp-blocked\s+fails\s+passes\s+active\s+caught"));

        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.That(suite.Attribute("name")!.Value, Is.EqualTo("tunnel-udp-blocked/selftest"));
        var cases = suite.Elements("testcase").Select(c => c.Attribute("name")!.Value).ToArray();
        // Four phases, then the lab's three verify checks after the fix.
        Assert.That(cases, Has.Length.EqualTo(7));
        Assert.That(cases[3], Is.EqualTo("switching a world fault off fails verify"));
        Assert.That(cases.Skip(4), Has.All.StartWith("after the fix: "));
        Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("0"));

        var xmllint = ExternalTool.Find("xmllint") ?? throw new IgnoreException("xmllint is not installed: schema validation needs it (package libxml2-utils)");
        var (exit, _, error) = await ExternalTool.RunAsync(xmllint, ["--noout", "--schema", JUnitSchema.Path(), junit]);
        Assert.That(exit, Is.Zero, error);
    }
}
