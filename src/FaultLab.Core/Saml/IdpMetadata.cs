using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace FaultLab.Saml;

/// <summary>
/// An IdP's SAML metadata (EntityDescriptor with IDPSSODescriptor): its entity id, signing certificate,
/// name id format and SSO endpoints for the HTTP-Redirect and HTTP-POST bindings. The IdP writes it;
/// a service provider reads it to learn what to pin and where to send users.
/// </summary>
public sealed record IdpMetadata(
    string EntityId,
    X509Certificate2 SigningCertificate,
    string SingleSignOnRedirectUrl,
    string SingleSignOnPostUrl,
    string NameIdFormat)
{
    public string ToXml()
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        var entity = document.CreateElement("md", "EntityDescriptor", SamlNames.MetadataNamespace);
        entity.SetAttribute("xmlns:ds", SamlNames.XmlDsigNamespace);
        entity.SetAttribute("entityID", EntityId);
        document.AppendChild(entity);

        var idp = document.CreateElement("md", "IDPSSODescriptor", SamlNames.MetadataNamespace);
        idp.SetAttribute("WantAuthnRequestsSigned", "false");
        idp.SetAttribute("protocolSupportEnumeration", SamlNames.ProtocolNamespace);
        entity.AppendChild(idp);

        var key = document.CreateElement("md", "KeyDescriptor", SamlNames.MetadataNamespace);
        key.SetAttribute("use", "signing");
        var keyInfo = key.AppendChild(document.CreateElement("ds", "KeyInfo", SamlNames.XmlDsigNamespace))!;
        var x509Data = keyInfo.AppendChild(document.CreateElement("ds", "X509Data", SamlNames.XmlDsigNamespace))!;
        x509Data.AppendChild(document.CreateElement("ds", "X509Certificate", SamlNames.XmlDsigNamespace))!.InnerText =
            Convert.ToBase64String(SigningCertificate.RawData);
        idp.AppendChild(key);

        idp.AppendChild(document.CreateElement("md", "NameIDFormat", SamlNames.MetadataNamespace))!.InnerText = NameIdFormat;
        idp.AppendChild(SingleSignOnService(document, SamlNames.HttpRedirectBinding, SingleSignOnRedirectUrl));
        idp.AppendChild(SingleSignOnService(document, SamlNames.HttpPostBinding, SingleSignOnPostUrl));
        return document.OuterXml;
    }

    /// <summary>Reads IdP metadata; <paramref name="error"/> says which part is missing otherwise.</summary>
    public static bool TryParse(string xml, [NotNullWhen(true)] out IdpMetadata? metadata, [NotNullWhen(false)] out string? error)
    {
        metadata = null;
        if (!SamlXml.TryParse(xml, "the metadata", out var document, out error)) return false;
        var ns = SamlXml.Namespaces(document);
        if (document.SelectSingleNode("/md:EntityDescriptor", ns) is not XmlElement entity || entity.GetAttribute("entityID").Length == 0)
        {
            error = "expected an md:EntityDescriptor with an entityID";
            return false;
        }
        if (entity.SelectSingleNode("md:IDPSSODescriptor", ns) is not XmlElement idp)
        {
            error = "the metadata has no md:IDPSSODescriptor";
            return false;
        }
        var certificateText = idp.SelectSingleNode(
            "md:KeyDescriptor[not(@use) or @use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)?.InnerText;
        if (string.IsNullOrWhiteSpace(certificateText))
        {
            error = "the IDPSSODescriptor has no signing KeyDescriptor with an X509Certificate";
            return false;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificateText));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            error = $"the signing X509Certificate cannot be read: {e.Message}";
            return false;
        }
        var redirect = SingleSignOnLocation(idp, ns, SamlNames.HttpRedirectBinding);
        var post = SingleSignOnLocation(idp, ns, SamlNames.HttpPostBinding);
        if (redirect is null && post is null)
        {
            error = "the IDPSSODescriptor has no SingleSignOnService for HTTP-Redirect or HTTP-POST";
            certificate.Dispose();
            return false;
        }
        metadata = new IdpMetadata(
            entity.GetAttribute("entityID"),
            certificate,
            redirect ?? "",
            post ?? "",
            idp.SelectSingleNode("md:NameIDFormat", ns)?.InnerText.Trim() ?? "");
        error = null;
        return true;
    }

    private static XmlElement SingleSignOnService(XmlDocument document, string binding, string location)
    {
        var service = document.CreateElement("md", "SingleSignOnService", SamlNames.MetadataNamespace);
        service.SetAttribute("Binding", binding);
        service.SetAttribute("Location", location);
        return service;
    }

    private static string? SingleSignOnLocation(XmlElement idp, XmlNamespaceManager ns, string binding) =>
        idp.SelectNodes("md:SingleSignOnService", ns)!.Cast<XmlElement>()
            .FirstOrDefault(s => s.GetAttribute("Binding") == binding)?.GetAttribute("Location");
}
