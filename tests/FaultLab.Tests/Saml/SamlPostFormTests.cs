using FaultLab.Saml;

namespace FaultLab.Tests.Saml;

public class SamlPostFormTests
{
    [Test]
    public void ToHtml_ThenTryParse_GivesBackActionResponseAndRelayState()
    {
        var form = new SamlPostForm("https://sp.lab/acs?x=1&y=\"2\"", "PHNhbWxwOlJlc3BvbnNlLz4+/==", "back to <home> & 'there'");

        Assert.That(SamlPostForm.TryParse(form.ToHtml(), out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(form));
    }

    [Test]
    public void TryParse_PageWithoutSamlResponse_IsFalse()
    {
        Assert.That(SamlPostForm.TryParse("<html><form method=\"post\" action=\"/x\"><input name=\"a\" value=\"b\"/></form></html>", out _), Is.False);
    }
}
