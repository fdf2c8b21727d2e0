using System.Xml;
using FaultLab.Pki;
using FaultLab.Saml;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Saml;

public class SamlResponseValidatorTests
{
    private const string IdpEntityId = "https://idp.lab/saml";
    private const string SpEntityId = "https://gateway.edge.lab/saml";
    private const string Acs = "https://gateway.edge.lab/saml/acs";
    private const string RequestId = "_request-1";
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private LabPki _pki = null!;

    [OneTimeSetUp]
    public void CreatePki() => _pki = LabPki.Create("saml-validator-tests", Noon);

    [OneTimeTearDown]
    public void DisposePki() => _pki.Dispose();

    [Test]
    public void FreshResponse_AtIdpTime_IsAccepted_WithItsClaims()
    {
        var result = Validator().ValidateXml(BuildXml(), Noon, RequestId);

        Assert.That(result.IsValid, Is.True, result.ToString());
        Assert.That(result.Assertion!.NameId, Is.EqualTo("alice@corp.lab"));
        Assert.That(result.Assertion.Issuer, Is.EqualTo(IdpEntityId));
        Assert.That(result.Assertion.InResponseTo, Is.EqualTo(RequestId));
        Assert.That(result.Assertion.Attributes["groups"], Is.EqualTo(new[] { "employees", "vpn-users" }));
        Assert.That(result.Assertion.NotOnOrAfter, Is.EqualTo(Noon.AddSeconds(300)));
    }

    [Test]
    public void Base64PostValue_IsDecodedAndAccepted()
    {
        var builder = new SamlResponseBuilder(IdpEntityId, new ManualClock(Noon));
        var samlResponse = builder.BuildForPost(Content(), _pki.IdpSigning);

        Assert.That(Validator().Validate(samlResponse, Noon, RequestId).IsValid, Is.True);
    }

    // The IdP's window is [IssueInstant - 30 s, IssueInstant + 300 s); with no extra skew a device clock
    // more than 300 s ahead (the guide's +412 s) fails, and so does one more than 30 s behind.
    [TestCase(0, SamlValidationError.None)]
    [TestCase(60, SamlValidationError.None)]
    [TestCase(299, SamlValidationError.None)]
    [TestCase(300, SamlValidationError.Expired)]
    [TestCase(301, SamlValidationError.Expired)]
    [TestCase(412, SamlValidationError.Expired)]
    [TestCase(-30, SamlValidationError.None)]
    [TestCase(-31, SamlValidationError.NotYetValid)]
    [TestCase(-412, SamlValidationError.NotYetValid)]
    public void DeviceClockOffset_DecidesBetweenAcceptedExpiredAndNotYetValid(int deviceOffsetSeconds, SamlValidationError expected)
    {
        var result = Validator().ValidateXml(BuildXml(), Noon.AddSeconds(deviceOffsetSeconds), RequestId);

        Assert.That(result.Error, Is.EqualTo(expected), result.ToString());
        if (expected != SamlValidationError.None)
            Assert.That(result.Message, Does.Contain($"{deviceOffsetSeconds:+0;-0} s from the IdP's IssueInstant"));
    }

    [Test]
    public void AllowedClockSkew_WidensTheWindowOnBothSides()
    {
        var validator = Validator(o => o with { AllowedClockSkew = TimeSpan.FromSeconds(120) });

        Assert.That(validator.ValidateXml(BuildXml(), Noon.AddSeconds(412), RequestId).IsValid, Is.True);
        Assert.That(validator.ValidateXml(BuildXml(), Noon.AddSeconds(-150), RequestId).IsValid, Is.True);
        Assert.That(validator.ValidateXml(BuildXml(), Noon.AddSeconds(420), RequestId).Error, Is.EqualTo(SamlValidationError.Expired));
    }

    [Test]
    public void TamperedNameId_FailsBadSignature()
    {
        var xml = BuildXml().Replace(">alice@corp.lab</saml:NameID>", ">alicf@corp.lab</saml:NameID>");

        var result = Validator().ValidateXml(xml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.BadSignature), result.ToString());
    }

    [Test]
    public void InjectedSecondUnsignedAssertion_IsRejected()
    {
        var document = Parse(BuildXml());
        var signed = Assertion(document);
        var evil = EvilCopy(signed);
        signed.ParentNode!.InsertBefore(evil, signed);

        var result = Validator().ValidateXml(document.OuterXml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.MultipleAssertions), result.ToString());
    }

    [Test]
    public void SignedAssertionMovedAside_WithAnUnsignedOneInItsPlace_IsRejected()
    {
        var document = Parse(BuildXml());
        var signed = Assertion(document);
        var response = document.DocumentElement!;
        var evil = EvilCopy(signed);
        response.ReplaceChild(evil, signed);
        var extensions = document.CreateElement("samlp", "Extensions", SamlNames.ProtocolNamespace);
        extensions.AppendChild(signed);
        response.InsertAfter(extensions, response.FirstChild);

        var result = Validator().ValidateXml(document.OuterXml, Noon, RequestId);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Error, Is.EqualTo(SamlValidationError.MultipleAssertions), result.ToString());
    }

    [Test]
    public void AssertionWithoutSignature_FailsUnsignedAssertion()
    {
        var document = Parse(BuildXml());
        var assertion = Assertion(document);
        assertion.RemoveChild(assertion.SelectSingleNode("ds:Signature", SamlXml.Namespaces(document))!);

        var result = Validator().ValidateXml(document.OuterXml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.UnsignedAssertion), result.ToString());
    }

    [Test]
    public void SignatureReferencingAnotherId_FailsWrongReference()
    {
        var document = Parse(BuildXml());
        Assertion(document).SetAttribute("ID", "_evil");

        var result = Validator().ValidateXml(document.OuterXml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.WrongReference), result.ToString());
        Assert.That(result.Message, Does.Contain("#_evil"));
    }

    [Test]
    public void SecondElementWithTheAssertionsId_FailsDuplicateId()
    {
        var document = Parse(BuildXml());
        var response = document.DocumentElement!;
        var extensions = document.CreateElement("samlp", "Extensions", SamlNames.ProtocolNamespace);
        var decoy = document.CreateElement("decoy");
        decoy.SetAttribute("ID", Assertion(document).GetAttribute("ID"));
        extensions.AppendChild(decoy);
        response.InsertAfter(extensions, response.FirstChild);

        var result = Validator().ValidateXml(document.OuterXml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.DuplicateId), result.ToString());
    }

    [Test]
    public void WrongAudience_IsRejected_NamingBothAudiences()
    {
        var result = Validator(o => o with { ExpectedAudience = "https://other-sp.lab" }).ValidateXml(BuildXml(), Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.WrongAudience), result.ToString());
        Assert.That(result.Message, Does.Contain(SpEntityId).And.Contain("https://other-sp.lab"));
    }

    [Test]
    public void ResponseForAnotherAcs_FailsWrongDestination()
    {
        var result = Validator(o => o with { ExpectedRecipient = "https://other-sp.lab/acs" }).ValidateXml(BuildXml(), Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.WrongDestination), result.ToString());
    }

    [Test]
    public void ResponseToAnotherRequest_FailsWrongInResponseTo()
    {
        var result = Validator().ValidateXml(BuildXml(), Noon, "_another-request");

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.WrongInResponseTo), result.ToString());
    }

    [Test]
    public void AssertionFromAnotherIssuer_FailsWrongIssuer()
    {
        var result = Validator(o => o with { ExpectedIssuer = "https://other-idp.lab" }).ValidateXml(BuildXml(), Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.WrongIssuer), result.ToString());
    }

    [Test]
    public void StatusOtherThanSuccess_FailsStatusNotSuccess()
    {
        var xml = BuildXml().Replace(SamlNames.StatusSuccess, SamlNames.StatusResponder);

        var result = Validator().ValidateXml(xml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.StatusNotSuccess), result.ToString());
        Assert.That(result.Message, Does.Contain("Responder"));
    }

    [Test]
    public void ExpiredSigningCertificate_FailsCertificateExpired_SayingSo()
    {
        using var pki = LabPki.Create("expired-idp", Noon);
        var expired = pki.ExpireIdpSigning(Noon);
        var xml = BuildXml(expired);

        var result = Validator(o => o with { IdpCertificate = expired }).ValidateXml(xml, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.CertificateExpired), result.ToString());
        Assert.That(result.Message, Does.Contain("expired"));
    }

    [Test]
    public void SignedByAnotherCertificateThanPinned_FailsCertificateMismatch()
    {
        using var other = LabPki.Create("other-idp", Noon);

        var result = Validator(o => o with { IdpCertificate = other.IdpSigning }).ValidateXml(BuildXml(), Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.CertificateMismatch), result.ToString());
        Assert.That(result.Message, Does.Contain(_pki.IdpSigning.Thumbprint).And.Contain(other.IdpSigning.Thumbprint));
    }

    [TestCase("not base64 at all!")]
    [TestCase("PG5vdC14bWw=")]
    [TestCase("PHNhbWxwOkF1dGhuUmVxdWVzdCB4bWxuczpzYW1scD0idXJuOm9hc2lzOm5hbWVzOnRjOlNBTUw6Mi4wOnByb3RvY29sIi8+")]
    public void UnreadableInput_FailsMalformed(string samlResponse)
    {
        var result = Validator().Validate(samlResponse, Noon, RequestId);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.Malformed), result.ToString());
    }

    [Test]
    public void DocumentWithDtd_FailsMalformed_WithoutResolvingIt()
    {
        var xml = "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>" + BuildXml();

        Assert.That(Validator().ValidateXml(xml, Noon, RequestId).Error, Is.EqualTo(SamlValidationError.Malformed));
    }

    [Test]
    public void NegativeClockSkewOption_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => Validator(o => o with { AllowedClockSkew = TimeSpan.FromSeconds(-1) }));

        Assert.That(error!.Message, Does.Contain("AllowedClockSkew"));
    }

    private SamlResponseValidator Validator(Func<SamlValidationOptions, SamlValidationOptions>? change = null)
    {
        var options = new SamlValidationOptions
        {
            IdpCertificate = _pki.IdpSigning,
            ExpectedAudience = SpEntityId,
            ExpectedRecipient = Acs,
            ExpectedIssuer = IdpEntityId,
        };
        return new SamlResponseValidator(change is null ? options : change(options));
    }

    private string BuildXml(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null) =>
        new SamlResponseBuilder(IdpEntityId, new ManualClock(Noon)).Build(Content(), certificate ?? _pki.IdpSigning).OuterXml;

    private static SamlResponseContent Content() => new(Acs, RequestId, SpEntityId, "alice@corp.lab",
        new Dictionary<string, IReadOnlyList<string>> { ["email"] = ["alice@corp.lab"], ["groups"] = ["employees", "vpn-users"] });

    private static XmlDocument Parse(string xml) => SamlXml.Parse(xml);

    private static XmlElement Assertion(XmlDocument document) =>
        (XmlElement)document.SelectSingleNode("/samlp:Response/saml:Assertion", SamlXml.Namespaces(document))!;

    private static XmlElement EvilCopy(XmlElement signed)
    {
        var ns = SamlXml.Namespaces(signed.OwnerDocument);
        var evil = (XmlElement)signed.CloneNode(deep: true);
        evil.SetAttribute("ID", "_evil");
        evil.RemoveChild(evil.SelectSingleNode("ds:Signature", ns)!);
        evil.SelectSingleNode("saml:Subject/saml:NameID", ns)!.InnerText = "mallory@corp.lab";
        return evil;
    }
}
