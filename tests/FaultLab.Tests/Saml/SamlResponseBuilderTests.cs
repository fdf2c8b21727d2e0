using System.Security.Cryptography.Xml;
using System.Xml;
using FaultLab.Pki;
using FaultLab.Saml;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Saml;

public class SamlResponseBuilderTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private LabPki _pki = null!;
    private XmlDocument _response = null!;
    private XmlNamespaceManager _ns = null!;

    [OneTimeSetUp]
    public void BuildOne()
    {
        _pki = LabPki.Create("saml-builder-tests", Noon);
        var builder = new SamlResponseBuilder("https://idp.lab/saml", new ManualClock(Noon.AddMilliseconds(700)));
        var xml = builder.Build(new SamlResponseContent("https://sp.lab/acs", "_req", "https://sp.lab", "alice@corp.lab",
            new Dictionary<string, IReadOnlyList<string>> { ["email"] = ["alice@corp.lab"] }), _pki.IdpSigning).OuterXml;
        _response = SamlXml.Parse(xml);
        _ns = SamlXml.Namespaces(_response);
    }

    [OneTimeTearDown]
    public void DisposePki() => _pki.Dispose();

    [Test]
    public void Response_HasIssuerStatusAssertion_InThatOrder_WithItsAttributes()
    {
        var response = _response.DocumentElement!;

        Assert.That(ChildNames(response), Is.EqualTo(new[] { "saml:Issuer", "samlp:Status", "saml:Assertion" }));
        Assert.That(response.GetAttribute("Version"), Is.EqualTo("2.0"));
        Assert.That(response.GetAttribute("IssueInstant"), Is.EqualTo("2025-06-01T12:00:00Z"));
        Assert.That(response.GetAttribute("Destination"), Is.EqualTo("https://sp.lab/acs"));
        Assert.That(response.GetAttribute("InResponseTo"), Is.EqualTo("_req"));
        Assert.That(response.SelectSingleNode("samlp:Status/samlp:StatusCode/@Value", _ns)!.Value, Is.EqualTo(SamlNames.StatusSuccess));
    }

    [Test]
    public void Assertion_PutsSignatureRightAfterIssuer_ThenSubjectConditionsAuthnAttributes()
    {
        var assertion = (XmlElement)_response.SelectSingleNode("/samlp:Response/saml:Assertion", _ns)!;

        Assert.That(ChildNames(assertion), Is.EqualTo(new[]
        {
            "saml:Issuer", "Signature", "saml:Subject", "saml:Conditions", "saml:AuthnStatement", "saml:AttributeStatement",
        }));
    }

    [Test]
    public void Window_RunsFrom30sBeforeTo300sAfterTheIdpClock_OnConditionsAndBearerConfirmation()
    {
        var conditions = (XmlElement)_response.SelectSingleNode("//saml:Conditions", _ns)!;
        var data = (XmlElement)_response.SelectSingleNode("//saml:SubjectConfirmation[@Method='" + SamlNames.BearerConfirmation + "']/saml:SubjectConfirmationData", _ns)!;

        Assert.That(conditions.GetAttribute("NotBefore"), Is.EqualTo("2025-06-01T11:59:30Z"));
        Assert.That(conditions.GetAttribute("NotOnOrAfter"), Is.EqualTo("2025-06-01T12:05:00Z"));
        Assert.That(conditions.SelectSingleNode("saml:AudienceRestriction/saml:Audience", _ns)!.InnerText, Is.EqualTo("https://sp.lab"));
        Assert.That(data.GetAttribute("NotOnOrAfter"), Is.EqualTo("2025-06-01T12:05:00Z"));
        Assert.That(data.GetAttribute("Recipient"), Is.EqualTo("https://sp.lab/acs"));
        Assert.That(data.GetAttribute("InResponseTo"), Is.EqualTo("_req"));
        Assert.That(_response.SelectSingleNode("//saml:NameID/@Format", _ns)!.Value, Is.EqualTo(SamlNames.NameIdEmailAddress));
        Assert.That(_response.SelectSingleNode("//saml:AuthnStatement/saml:AuthnContext/saml:AuthnContextClassRef", _ns)!.InnerText,
            Is.EqualTo(SamlNames.PasswordProtectedTransport));
    }

    [Test]
    public void Signature_IsRsaSha256_OverExclusiveC14n_WithOneEnvelopedReferenceAndTheCertificate()
    {
        var assertion = (XmlElement)_response.SelectSingleNode("/samlp:Response/saml:Assertion", _ns)!;
        var signature = (XmlElement)assertion.SelectSingleNode("ds:Signature", _ns)!;
        var signedInfo = signature.SelectSingleNode("ds:SignedInfo", _ns)!;

        Assert.That(signedInfo.SelectSingleNode("ds:CanonicalizationMethod/@Algorithm", _ns)!.Value, Is.EqualTo(SignedXml.XmlDsigExcC14NTransformUrl));
        Assert.That(signedInfo.SelectSingleNode("ds:SignatureMethod/@Algorithm", _ns)!.Value, Is.EqualTo(SignedXml.XmlDsigRSASHA256Url));
        var references = signedInfo.SelectNodes("ds:Reference", _ns)!;
        Assert.That(references, Has.Count.EqualTo(1));
        Assert.That(((XmlElement)references[0]!).GetAttribute("URI"), Is.EqualTo("#" + assertion.GetAttribute("ID")));
        Assert.That(references[0]!.SelectNodes("ds:Transforms/ds:Transform/@Algorithm", _ns)!.Cast<XmlNode>().Select(a => a.Value),
            Is.EqualTo(new[] { SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl }));
        Assert.That(references[0]!.SelectSingleNode("ds:DigestMethod/@Algorithm", _ns)!.Value, Is.EqualTo(SignedXml.XmlDsigSHA256Url));
        Assert.That(signature.SelectSingleNode("ds:KeyInfo/ds:X509Data/ds:X509Certificate", _ns)!.InnerText,
            Is.EqualTo(Convert.ToBase64String(_pki.IdpSigning.RawData)));
    }

    private static string[] ChildNames(XmlElement element) =>
        element.ChildNodes.OfType<XmlElement>().Select(e => e.Name).ToArray();
}
