using System.Text.Json.Nodes;
using FaultLab.Settings;

namespace FaultLab.Tests.Settings;

public sealed class SettingsDocumentTests
{
    [Test]
    public void TypedKey_RefusesAnotherType_AndAnUnknownKeyWithASuggestion()
    {
        var policy = SettingsDocument.DefaultPolicy();
        policy.SetFromText("forwarding.tunnelMtu", "1380");
        Assert.That(policy.Get("forwarding.tunnelMtu")!.GetValue<long>(), Is.EqualTo(1380));

        var wrongType = Assert.Throws<SettingsException>(() => policy.SetFromText("forwarding.tunnelMtu", "small"));
        Assert.That(wrongType!.Message, Is.EqualTo("'forwarding.tunnelMtu' takes a number, got 'small'"));
        var unknown = Assert.Throws<SettingsException>(() => policy.Get("forwarding.tunelMtu"));
        Assert.That(unknown!.Message, Does.Contain("forwarding.tunnelMtu"));
    }

    [Test]
    public void DomainMapping_EntryKeysKeepTheirDots_AndNewDomainsCanBeAdded()
    {
        var policy = SettingsDocument.DefaultPolicy();
        Assert.That(policy.Get("idpByDomain.corp.lab")!.GetValue<string>(), Is.EqualTo("https://idp.lab/saml"));

        policy.SetFromText("idpByDomain.corp.lab", "https://idp-legacy.lab/saml");
        policy.SetFromText("idpByDomain.partner.lab", "https://idp.lab/saml");

        Assert.That(policy.Get("idpByDomain")!.ToJsonString(),
            Is.EqualTo("""{"corp.lab":"https://idp-legacy.lab/saml","partner.lab":"https://idp.lab/saml"}"""));
        var missing = Assert.Throws<SettingsException>(() => policy.Get("idpByDomain.nope.lab"));
        Assert.That(missing!.Message, Is.EqualTo("'idpByDomain' has no entry 'nope.lab'; it has corp.lab, partner.lab"));
        Assert.Throws<SettingsException>(() => policy.Set("idpByDomain.corp.lab", JsonValue.Create(3)));
    }

    [Test]
    public void LabOverride_OfADomainMapping_ReplacesTheWholeMapping()
    {
        var policy = SettingsDocument.DefaultPolicy();
        policy.Apply(new JsonObject { ["idpByDomain"] = new JsonObject { ["example.lab"] = "https://idp.lab/saml" } });

        Assert.That(policy.Get("idpByDomain")!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "example.lab" }));
    }
}
