using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace FaultLab.Saml;

/// <summary>
/// Builds and signs the IdP's SAML 2.0 Response (the one builder of the lab). The assertion is valid from
/// <see cref="NotBeforeMargin"/> before to <see cref="Lifetime"/> after the IdP's clock reading, as
/// SimpleSAMLphp does; the lab's clock-skew rule rests on that 300 s.
/// </summary>
public sealed class SamlResponseBuilder
{
    /// <summary>How far before its issue instant the assertion is already valid.</summary>
    public static readonly TimeSpan NotBeforeMargin = TimeSpan.FromSeconds(30);

    /// <summary>How long after its issue instant the assertion (and its bearer confirmation) stays valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(300);

    private readonly string _idpEntityId;
    private readonly TimeProvider _clock;

    public SamlResponseBuilder(string idpEntityId, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idpEntityId);
        _idpEntityId = idpEntityId;
        _clock = clock;
    }

    /// <summary>The signed Response as a document (whitespace preserved; serialise with OuterXml).</summary>
    public XmlDocument Build(SamlResponseContent content, X509Certificate2 signingCertificate)
    {
        var now = SamlTime.TruncateToSeconds(_clock.GetUtcNow());
        var issued = SamlTime.Format(now);
        var notOnOrAfter = SamlTime.Format(now + Lifetime);

        var document = new XmlDocument { PreserveWhitespace = true };
        var response = Element(document, "samlp", "Response", SamlNames.ProtocolNamespace);
        response.SetAttribute("xmlns:saml", SamlNames.AssertionNamespace);
        response.SetAttribute("ID", SamlNames.NewId());
        response.SetAttribute("Version", "2.0");
        response.SetAttribute("IssueInstant", issued);
        response.SetAttribute("Destination", content.Destination);
        if (content.InResponseTo is not null) response.SetAttribute("InResponseTo", content.InResponseTo);
        document.AppendChild(response);

        response.AppendChild(Text(document, "saml", "Issuer", SamlNames.AssertionNamespace, _idpEntityId));
        var status = response.AppendChild(Element(document, "samlp", "Status", SamlNames.ProtocolNamespace))!;
        var statusCode = (XmlElement)status.AppendChild(Element(document, "samlp", "StatusCode", SamlNames.ProtocolNamespace))!;
        statusCode.SetAttribute("Value", SamlNames.StatusSuccess);

        var assertion = Element(document, "saml", "Assertion", SamlNames.AssertionNamespace);
        assertion.SetAttribute("xmlns:saml", SamlNames.AssertionNamespace);
        assertion.SetAttribute("ID", SamlNames.NewId());
        assertion.SetAttribute("Version", "2.0");
        assertion.SetAttribute("IssueInstant", issued);
        response.AppendChild(assertion);
        assertion.AppendChild(Text(document, "saml", "Issuer", SamlNames.AssertionNamespace, _idpEntityId));

        var subject = assertion.AppendChild(Element(document, "saml", "Subject", SamlNames.AssertionNamespace))!;
        var nameId = Text(document, "saml", "NameID", SamlNames.AssertionNamespace, content.NameId);
        nameId.SetAttribute("Format", content.NameIdFormat);
        subject.AppendChild(nameId);
        var confirmation = Element(document, "saml", "SubjectConfirmation", SamlNames.AssertionNamespace);
        confirmation.SetAttribute("Method", SamlNames.BearerConfirmation);
        subject.AppendChild(confirmation);
        var confirmationData = Element(document, "saml", "SubjectConfirmationData", SamlNames.AssertionNamespace);
        confirmationData.SetAttribute("NotOnOrAfter", notOnOrAfter);
        confirmationData.SetAttribute("Recipient", content.Destination);
        if (content.InResponseTo is not null) confirmationData.SetAttribute("InResponseTo", content.InResponseTo);
        confirmation.AppendChild(confirmationData);

        var conditions = Element(document, "saml", "Conditions", SamlNames.AssertionNamespace);
        conditions.SetAttribute("NotBefore", SamlTime.Format(now - NotBeforeMargin));
        conditions.SetAttribute("NotOnOrAfter", notOnOrAfter);
        assertion.AppendChild(conditions);
        var restriction = conditions.AppendChild(Element(document, "saml", "AudienceRestriction", SamlNames.AssertionNamespace))!;
        restriction.AppendChild(Text(document, "saml", "Audience", SamlNames.AssertionNamespace, content.Audience));

        var authn = Element(document, "saml", "AuthnStatement", SamlNames.AssertionNamespace);
        authn.SetAttribute("AuthnInstant", issued);
        authn.SetAttribute("SessionIndex", SamlNames.NewId());
        assertion.AppendChild(authn);
        var context = authn.AppendChild(Element(document, "saml", "AuthnContext", SamlNames.AssertionNamespace))!;
        context.AppendChild(Text(document, "saml", "AuthnContextClassRef", SamlNames.AssertionNamespace, SamlNames.PasswordProtectedTransport));

        if (content.Attributes is { Count: > 0 } attributes)
        {
            var statement = assertion.AppendChild(Element(document, "saml", "AttributeStatement", SamlNames.AssertionNamespace))!;
            foreach (var (name, values) in attributes)
            {
                var attribute = Element(document, "saml", "Attribute", SamlNames.AssertionNamespace);
                attribute.SetAttribute("Name", name);
                attribute.SetAttribute("NameFormat", SamlNames.AttributeNameFormatBasic);
                foreach (var value in values)
                    attribute.AppendChild(Text(document, "saml", "AttributeValue", SamlNames.AssertionNamespace, value));
                statement.AppendChild(attribute);
            }
        }

        SamlAssertionSigner.Sign(assertion, signingCertificate);
        return document;
    }

    /// <summary>The signed Response, base64 encoded for the HTTP-POST binding's SAMLResponse field.</summary>
    public string BuildForPost(SamlResponseContent content, X509Certificate2 signingCertificate) =>
        SamlPostBinding.Encode(Build(content, signingCertificate).OuterXml);

    private static XmlElement Element(XmlDocument document, string prefix, string name, string ns) =>
        document.CreateElement(prefix, name, ns);

    private static XmlElement Text(XmlDocument document, string prefix, string name, string ns, string text)
    {
        var element = document.CreateElement(prefix, name, ns);
        element.InnerText = text;
        return element;
    }
}
