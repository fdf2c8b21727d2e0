using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace FaultLab.Tests.Faults.Kinds;

/// <summary>
/// A small SAML 2.0 Response whose Assertion is signed the way the IdP signs (RSA-SHA256,
/// exclusive c14n, enveloped signature right after the Assertion's Issuer), for rewrite tests.
/// </summary>
internal static class SignedSamlResponse
{
    public const string AssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion";

    public static byte[] Create(X509Certificate2 signing, DateTime now)
    {
        static string T(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var xml = $"""
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="{AssertionNamespace}" ID="_resp1" Version="2.0" IssueInstant="{T(now)}Z" Destination="https://sp.lab/acs" InResponseTo="_req1">
              <saml:Issuer>https://idp.lab/</saml:Issuer>
              <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
              <!-- NotBefore="2001-01-01T00:00:00Z" in a comment must stay as it is -->
              <saml:Assertion ID="_assert1" Version="2.0" IssueInstant="{T(now)}.250Z">
                <saml:Issuer>https://idp.lab/</saml:Issuer>
                <saml:Subject>
                  <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@corp.lab</saml:NameID>
                  <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                    <saml:SubjectConfirmationData NotOnOrAfter="{T(now.AddSeconds(300))}Z" Recipient="https://sp.lab/acs" InResponseTo="_req1"/>
                  </saml:SubjectConfirmation>
                </saml:Subject>
                <saml:Conditions NotBefore='{T(now.AddSeconds(-30))}Z' NotOnOrAfter="{T(now.AddSeconds(300))}Z">
                  <saml:AudienceRestriction><saml:Audience>https://sp.lab/</saml:Audience></saml:AudienceRestriction>
                </saml:Conditions>
                <saml:AuthnStatement AuthnInstant="{T(now)}+00:00" SessionIndex="_s1">
                  <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
                </saml:AuthnStatement>
                <saml:AttributeStatement>
                  <saml:Attribute Name="NotBefore"><saml:AttributeValue>{T(now)}Z</saml:AttributeValue></saml:Attribute>
                </saml:AttributeStatement>
              </saml:Assertion>
            </samlp:Response>
            """;

        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(xml);
        var names = new XmlNamespaceManager(doc.NameTable);
        names.AddNamespace("saml", AssertionNamespace);
        var assertion = (XmlElement)doc.SelectSingleNode("//saml:Assertion", names)!;

        var signed = new SignedXml(assertion) { SigningKey = signing.GetRSAPrivateKey() };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        var reference = new Reference("#_assert1");
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signing));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        var issuer = assertion.SelectSingleNode("saml:Issuer", names)!;
        assertion.InsertAfter(doc.ImportNode(signed.GetXml(), deep: true), issuer);

        return Encoding.UTF8.GetBytes(doc.OuterXml);
    }

    /// <summary>Whether the Assertion's signature still verifies with <paramref name="signing"/> (the pinned certificate).</summary>
    public static bool Verifies(byte[] xml, X509Certificate2 signing)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Encoding.UTF8.GetString(xml));
        var names = new XmlNamespaceManager(doc.NameTable);
        names.AddNamespace("saml", AssertionNamespace);
        names.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        var assertion = (XmlElement)doc.SelectSingleNode("/*/saml:Assertion", names)!;
        var signed = new SignedXml(assertion);
        signed.LoadXml((XmlElement)assertion.SelectSingleNode("ds:Signature", names)!);
        return signed.CheckSignature(signing, verifySignatureOnly: true);
    }
}
