using System.Xml.Linq;

namespace FaultLab.Tests.Cli;

public sealed class SelftestCommandTests
{
    [Test]
    public async Task Selftest_OnAShippedLab_PassesAndWritesJUnit()
    {
        using var cli = new CliRun();
        var junit = Path.Combine(cli.Home, "selftest.xml");
        var result = await cli.InProcessAsync("selftest", "tunnel-udp-blocked", "--junit", junit);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        Assert.That(result.Out, Does.Contain("1/1 labs passed"));
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.That(suite.Attribute("name")!.Value, Is.EqualTo("tunnel-udp-blocked"));
        Assert.That(suite.Elements("testcase").Count(), Is.EqualTo(3));
        Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("0"));
    }
}
