using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace FaultLab.Saml;

/// <summary>
/// Signs a SAML assertion in place the way IdPs do: RSA-SHA256 over an exclusive-c14n SignedInfo with one
/// Reference to the assertion's ID (enveloped-signature + exclusive c14n transforms, SHA-256 digest), the
/// certificate in KeyInfo/X509Data, and the Signature inserted right after the assertion's Issuer.
/// </summary>
public static class SamlAssertionSigner
{
    public static void Sign(XmlElement assertion, X509Certificate2 certificate)
    {
        var id = assertion.GetAttribute("ID");
        if (id.Length == 0) throw new ArgumentException("the assertion has no ID to reference", nameof(assertion));
        var issuer = assertion.FirstChild as XmlElement;
        while (issuer is not null && !(issuer.LocalName == "Issuer" && issuer.NamespaceURI == SamlNames.AssertionNamespace))
            issuer = issuer.NextSibling as XmlElement;
        if (issuer is null) throw new ArgumentException("the assertion has no Issuer to place the signature after", nameof(assertion));
        using var key = certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("the signing certificate has no RSA private key", nameof(certificate));

        var signedXml = new SignedXml(assertion) { SigningKey = key };
        // The default is inclusive c14n, which drags the Response's namespace context into the signature.
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;

        var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signedXml.KeyInfo = keyInfo;

        signedXml.ComputeSignature();
        var signature = assertion.OwnerDocument.ImportNode(signedXml.GetXml(), deep: true);
        assertion.InsertAfter(signature, issuer);
    }
}
