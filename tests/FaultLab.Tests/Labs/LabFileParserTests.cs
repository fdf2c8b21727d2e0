using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Labs;

namespace FaultLab.Tests.Labs;

public sealed class LabFileParserTests
{
    private const string Valid = """
        id: sample-lab
        scenario: 4
        title: Sample
        category: tunnel
        level: L2
        briefing: |
          Something is broken.
        network: hotel-wifi
        faults:
          - kind: udp-drop
            link: edge
            ports: [443]
            owner: world
        policy:
          forwarding: { transport: dtls-only }
        diagnosis: tunnel.udp-blocked
        hints:
          - Look at UDP.
        verify:
          - agent: { tunnel: established }
        solution:
          - portal set forwarding.transport dtls-with-tls-fallback
        """;

    private static LabDefinition Parse(string yaml) => new LabFileParser(FaultCatalog.Standard).Parse(yaml, "labs/sample.yaml");

    private static LabError ErrorOf(string yaml) =>
        Assert.Throws<LabFileException>(() => Parse(yaml))!.Error;

    [Test]
    public void ValidFile_LoadsTypedDefinition()
    {
        var lab = Parse(Valid);
        Assert.That(lab.Id, Is.EqualTo("sample-lab"));
        Assert.That(lab.Category, Is.EqualTo(LabCategory.Tunnel));
        var fault = (UdpDropFault)lab.Faults.Single();
        Assert.That(fault.Ports, Is.EqualTo(new[] { 443 }));
        Assert.That(fault.Owner, Is.EqualTo(FaultOwner.World));
        Assert.That(fault.AttachedTo, Is.EqualTo("edge"));
        Assert.That(lab.Policy["forwarding"]!["transport"]!.GetValue<string>(), Is.EqualTo("dtls-only"));
        Assert.That(lab.Solution, Has.Count.EqualTo(1));
    }

    [Test]
    public void UnknownTopLevelKey_IsRefusedWithLineColumnAndSuggestion()
    {
        var error = ErrorOf(Valid.Replace("briefing: |", "breifing: |"));
        Assert.That(error.ToString(), Does.StartWith("labs/sample.yaml:6:1: unknown key 'breifing' in the lab (did you mean 'briefing'?)"));
    }

    [Test]
    public void UnknownFaultKind_IsRefusedWithSuggestion()
    {
        var error = ErrorOf(Valid.Replace("kind: udp-drop", "kind: udp-dorp"));
        Assert.That(error.ToString(), Is.EqualTo("labs/sample.yaml:10:11: unknown fault kind 'udp-dorp' (did you mean 'udp-drop'?)"));
    }

    [Test]
    public void MissingId_IsRefusedAtTheDocument()
    {
        var error = ErrorOf(Valid.Replace("id: sample-lab\n", ""));
        Assert.That(error.Line, Is.EqualTo(1));
        Assert.That(error.Message, Is.EqualTo("the lab is missing required key 'id'"));
    }

    [Test]
    public void BadType_ForFaultParameter_NamesParameterAndValue()
    {
        var error = ErrorOf(Valid.Replace("ports: [443]", "ports: [four-four-three]"));
        Assert.That(error.ToString(), Is.EqualTo("labs/sample.yaml:12:13: 'ports' of fault 'udp-drop'[0] must be an integer, got 'four-four-three'"));
    }

    [Test]
    public void BadType_ForPolicyValue_NamesKeyAndExpectedType()
    {
        var error = ErrorOf(Valid.Replace("{ transport: dtls-only }", "{ tunnelVersion: two }"));
        Assert.That(error.ToString(), Is.EqualTo("labs/sample.yaml:15:17: policy: 'forwarding.tunnelVersion' takes a number, got text"));
    }

    [Test]
    public void UnknownPolicyKey_IsRefusedWithSuggestion()
    {
        var error = ErrorOf(Valid.Replace("{ transport: dtls-only }", "{ transprot: dtls-only }"));
        Assert.That(error.Message, Does.StartWith("policy: unknown key 'forwarding.transprot' (did you mean 'forwarding.transport'?)"));
        Assert.That(error.Line, Is.EqualTo(15));
    }

    [Test]
    public void YamlSyntaxError_IsReportedWithItsLocation()
    {
        var error = ErrorOf(Valid.Replace("ports: [443]", "ports: [443"));
        Assert.That(error.File, Is.EqualTo("labs/sample.yaml"));
        Assert.That(error.Message, Does.StartWith("YAML syntax error: "));
        Assert.That(error.Line, Is.GreaterThanOrEqualTo(12));
    }

    [Test]
    public void OutOfRangePort_IsRefusedByTheFaultsOwnValidation()
    {
        var error = ErrorOf(Valid.Replace("ports: [443]", "ports: [70000]"));
        Assert.That(error.Message, Is.EqualTo("fault 'udp-drop': 'ports' has 70000, outside 1-65535"));
    }

    [Test]
    public void NegativeStartAfterSeconds_IsRefusedAtItsLine()
    {
        var error = ErrorOf(Valid.Replace("ports: [443]", "ports: [443]\n    startAfterSeconds: -5"));
        Assert.That(error.ToString(), Is.EqualTo("labs/sample.yaml:13:24: fault 'udp-drop': 'startAfterSeconds' must be between 0 and 86400 seconds, got -5"));
    }

    [Test]
    public void StartAfterSeconds_ReachesTheFault()
    {
        var lab = Parse(Valid.Replace("ports: [443]", "ports: [443]\n    startAfterSeconds: 8"));
        Assert.That(lab.Faults.Single().StartAfterSeconds, Is.EqualTo(8));
    }

    [Test]
    public void LinkFaultWithoutLink_SaysWhichLinksExist()
    {
        var error = ErrorOf(Valid.Replace("    link: edge\n", ""));
        Assert.That(error.Message, Does.StartWith("fault 'udp-drop' attaches to a link: add 'link:'"));
    }

    [Test]
    public void SolutionStepWithUnknownVerb_IsRefused()
    {
        var error = ErrorOf(Valid.Replace("  - portal set", "  - protal set"));
        Assert.That(error.Message, Does.Contain("(did you mean 'portal'?)"));
    }

    [Test]
    public void VerifyEntryWithTwoKinds_IsRefused()
    {
        var error = ErrorOf(Valid.Replace("  - agent: { tunnel: established }", "  - agent: { tunnel: established }\n    app: ipcheck"));
        Assert.That(error.Message, Does.StartWith("a verify check names exactly one kind"));
    }
}
