using System.IO.Compression;
using System.Text;
using System.Web;
using FaultLab.Saml;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Saml;

public class SamlRedirectBindingTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void RequestUrl_CarriesDeflatedRequest_ThatTheIdpSideParsesBack()
    {
        var request = AuthnRequest.Create("https://sp.lab/saml", "https://idp.lab/saml/sso", "https://sp.lab/saml/acs", new ManualClock(Noon));

        var url = SamlRedirectBinding.RequestUrl(request, "state with spaces & symbols+/=");

        Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo("https://idp.lab/saml/sso"));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.That(query["RelayState"], Is.EqualTo("state with spaces & symbols+/="));
        Assert.That(SamlRedirectBinding.TryDecode(query["SAMLRequest"]!, out var xml, out var error), Is.True, error);
        Assert.That(AuthnRequest.TryParse(xml!, out var parsed, out error), Is.True, error);
        Assert.That(parsed, Is.EqualTo(request));
        Assert.That(parsed!.IssueInstant, Is.EqualTo(Noon));
        Assert.That(parsed.Id, Does.StartWith("_"));
    }

    [Test]
    public void Encode_IsRawDeflate_WithoutZlibHeader()
    {
        var bytes = Convert.FromBase64String(SamlRedirectBinding.Encode("<x/>"));

        using var inflated = new StreamReader(new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress));
        Assert.That(inflated.ReadToEnd(), Is.EqualTo("<x/>"));
        Assert.That(bytes[0], Is.Not.EqualTo(0x78), "a zlib header starts with 0x78");
    }

    [Test]
    public void TryDecode_RejectsNonBase64_AndZlibWrappedData_WithAReason()
    {
        Assert.That(SamlRedirectBinding.TryDecode("%%%not base64%%%", out _, out var error), Is.False);
        Assert.That(error, Does.Contain("base64"));

        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(Encoding.UTF8.GetBytes(new AuthnRequest("_1", Noon, "d", "https://sp.lab/acs", "sp").ToXml()));
        Assert.That(SamlRedirectBinding.TryDecode(Convert.ToBase64String(buffer.ToArray()), out _, out error), Is.False);
        Assert.That(error, Does.Contain("DEFLATE"));
    }

    [Test]
    public void TryParse_RequestWithoutAcsUrl_FailsNamingTheMissingPart()
    {
        var xml = new AuthnRequest("_1", Noon, "https://idp.lab/saml/sso", "https://sp.lab/acs", "sp").ToXml()
            .Replace(" AssertionConsumerServiceURL=\"https://sp.lab/acs\"", "");

        Assert.That(AuthnRequest.TryParse(xml, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("AssertionConsumerServiceURL"));
    }
}
