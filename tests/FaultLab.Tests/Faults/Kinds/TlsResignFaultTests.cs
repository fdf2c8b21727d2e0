using System.Net;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Tests.Middleboxes.Http;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class TlsResignFaultTests : HttpLabFixture
{
    [Test]
    public void Bind_CaAndBypass_GivesTypedFault()
    {
        var fault = FaultYaml.Bind<TlsResignFault>("kind: tls-resign\nlink: internet\nowner: customer\nca: edge\nbypass: [IdP.lab, '*.example.lab']\n");

        Assert.That(fault.Ca, Is.EqualTo(TlsResigningCa.Edge));
        Assert.That(fault.Owner, Is.EqualTo(FaultOwner.Customer));
        Assert.That(fault.List(), Is.EqualTo(new[] { "idp.lab", "*.example.lab" }));
        Assert.That(fault.Describe(), Is.EqualTo("tls-resign on link internet (re-signed by edge; bypass idp.lab, *.example.lab)"));
    }

    [Test]
    public void Bind_Defaults_AreAcmeProxyWithNoBypass()
    {
        var fault = FaultYaml.Bind<TlsResignFault>("kind: tls-resign\nlink: internet\n");

        Assert.That(fault.Ca, Is.EqualTo(TlsResigningCa.AcmeProxy));
        Assert.That(fault.Bypass, Is.Empty);
    }

    [TestCase("ca: acme", "3:5: 'ca' of fault 'tls-resign' must be one of")]
    [TestCase("bypass: ['idp lab']", "1:1: fault 'tls-resign': 'bypass' has 'idp lab' is not a host name or '*.suffix' pattern")]
    [TestCase("bypass: idp.lab", "3:9: 'bypass' of fault 'tls-resign' must be a list")]
    public void BadParameter_IsRefusedWithTheLocatedMessage(string parameter, string message)
    {
        var error = FaultYaml.ErrorOf($"kind: tls-resign\nlink: internet\n{parameter}\n");

        Assert.That(error, Does.StartWith($"{FaultYaml.File}:{message}"));
    }

    [Test]
    public void AddRemoveList_EditTheBypassListInPlace()
    {
        var fault = new TlsResignFault { Bypass = ["idp.lab"] };

        Assert.That(fault.Add("*.example.lab"), Is.True);
        Assert.That(fault.Add("*.EXAMPLE.lab"), Is.False);
        Assert.That(fault.Remove("idp.lab"), Is.True);
        Assert.That(fault.List(), Is.EqualTo(new[] { "*.example.lab" }));
        Assert.That(fault.Bypass, Is.EqualTo(fault.List()));
        Assert.That(fault.BypassList.Matches("teams.example.lab"), Is.True);
        Assert.Throws<ArgumentException>(() => fault.Add("not a host"));
    }

    [Test]
    public async Task EdgeCa_IsTrustedByALaptopThatTrustsTheLabRoot()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);

        using var response = await client.GetAsync("https://idp.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HttpMiddleboxTests.IssuerSeenAsync(box, "idp.lab"), Does.Contain("FaultLab Edge Inspection CA"));
        Assert.That(switches[0].Counts["re-signed"], Is.EqualTo(2));
    }

    [Test]
    public async Task AcmeProxyCa_IsRefusedByALaptopThatTrustsOnlyTheLabRoot()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.AcmeProxy });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);

        Assert.That(async () => await client.GetAsync("https://idp.lab/"), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task BypassAddedWhileRunning_ThatHostGetsTheRealCertificate()
    {
        var resign = new TlsResignFault();
        var (box, switches) = await Lab.StartMiddleboxAsync(resign);
        using var client = HttpLab.TransparentClient(box, Lab.Pki.PublicOrigin);

        Assert.That(async () => await client.GetAsync("https://idp.lab/"), Throws.InstanceOf<HttpRequestException>());
        resign.Add("idp.lab");
        using var response = await client.GetAsync("https://idp.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(switches[0].Counts["bypassed"], Is.EqualTo(1));
    }
}
