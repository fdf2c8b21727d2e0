using System.Text.Json.Nodes;
using FaultLab.Tunnel;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>How the edge reads the sslInspection section of the admin portal's policy.</summary>
public sealed class SslInspectionPolicyTests
{
    [Test]
    public void PolicyWithoutTheSection_DoesNotInspect()
    {
        var policy = SslInspectionPolicy.From(new JsonObject());

        Assert.That(policy.Inspects("www.example.lab"), Is.False);
    }

    [TestCase("www.example.lab", true)]
    [TestCase("idp.lab", false)]
    [TestCase("fra.gateway.edge.lab", false)]
    [TestCase("edge.lab", true)]
    public void BypassPatterns_DecidePerHost(string host, bool inspected)
    {
        var policy = SslInspectionPolicy.From(JsonNode.Parse("""{"sslInspection":{"enabled":true,"bypass":["*.edge.lab","idp.lab"]}}""")!.AsObject());

        Assert.That(policy.Inspects(host), Is.EqualTo(inspected));
    }

    [Test]
    public void BypassStar_InspectsNothing()
    {
        var policy = SslInspectionPolicy.From(JsonNode.Parse("""{"sslInspection":{"enabled":true,"bypass":["*"]}}""")!.AsObject());

        Assert.That(policy.Inspects("www.example.lab"), Is.False);
    }

    [Test]
    public void BadPattern_IsLeftOutAndNamed_TheRestStillApply()
    {
        var policy = SslInspectionPolicy.From(JsonNode.Parse("""{"sslInspection":{"enabled":true,"bypass":["idp.lab","bad name!",42]}}""")!.AsObject());

        Assert.That(policy.Inspects("idp.lab"), Is.False);
        Assert.That(policy.Problems, Has.Count.EqualTo(2));
        Assert.That(policy.Problems[0], Does.StartWith("sslInspection.bypass:").And.Contain("bad name!"));
        Assert.That(policy.Problems[1], Does.Contain("42"));
    }

    [Test]
    public void EnabledThatIsNotABoolean_KeepsInspectionOffAndSaysWhy()
    {
        var policy = SslInspectionPolicy.From(JsonNode.Parse("""{"sslInspection":{"enabled":"yes"}}""")!.AsObject());

        Assert.That(policy.Enabled, Is.False);
        Assert.That(policy.Problems.Single(), Does.StartWith("sslInspection.enabled:"));
    }
}
