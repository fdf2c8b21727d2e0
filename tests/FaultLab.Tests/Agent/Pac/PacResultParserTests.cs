using FaultLab.Agent.Pac;

namespace FaultLab.Tests.Agent.Pac;

public class PacResultParserTests
{
    [Test]
    public void EveryKeyword_ParsesInOrder_WithItsDefaultPort()
    {
        var (decisions, ignored) = PacResultParser.Parse("PROXY a.edge.lab:9400; proxy b.edge.lab ;HTTPS c.lab; SOCKS d.lab; SOCKS5 e.lab:1085; HTTP f.lab:8080; DIRECT");

        Assert.That(decisions.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "PROXY a.edge.lab:9400", "PROXY b.edge.lab:80", "HTTPS c.lab:443", "SOCKS d.lab:1080", "SOCKS5 e.lab:1085", "PROXY f.lab:8080", "DIRECT",
        }));
        Assert.That(ignored, Is.Empty);
    }

    [Test]
    public void BracketedIPv6Proxy_KeepsAddressAndPort()
    {
        var (decisions, _) = PacResultParser.Parse("PROXY [::1]:9400");

        Assert.That(decisions.Single().Host, Is.EqualTo("::1"));
        Assert.That(decisions.Single().Port, Is.EqualTo(9400));
    }

    [TestCase("PROXY")]
    [TestCase("PROXY a.lab:0")]
    [TestCase("PROXY a.lab:70000")]
    [TestCase("PROXY a.lab:x")]
    [TestCase("PROXY ::1:80")]
    [TestCase("DIRECT now")]
    [TestCase("TUNNEL a.lab:1")]
    public void EntryNotUnderstood_IsSkippedAndReported_TheRestStillCounts(string bad)
    {
        var (decisions, ignored) = PacResultParser.Parse($"{bad}; DIRECT");

        Assert.That(decisions, Is.EqualTo(new[] { PacDecision.Direct }));
        Assert.That(ignored, Is.EqualTo(new[] { bad }));
    }
}
