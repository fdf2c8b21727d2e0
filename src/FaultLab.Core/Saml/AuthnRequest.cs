using System.Diagnostics.CodeAnalysis;
using System.Xml;

namespace FaultLab.Saml;

/// <summary>
/// A SAML 2.0 AuthnRequest as a service provider sends it to the IdP: who asks (<see cref="Issuer"/>,
/// the SP entity id), where the answer must go (<see cref="AssertionConsumerServiceUrl"/>, HTTP-POST binding)
/// and which IdP endpoint it was addressed to (<see cref="Destination"/>).
/// </summary>
public sealed record AuthnRequest(
    string Id,
    DateTimeOffset IssueInstant,
    string Destination,
    string AssertionConsumerServiceUrl,
    string Issuer)
{
    /// <summary>A new request with a fresh ID, stamped with <paramref name="clock"/> (the SP's own, possibly skewed, clock).</summary>
    public static AuthnRequest Create(string spEntityId, string destination, string assertionConsumerServiceUrl, TimeProvider clock) =>
        new(SamlNames.NewId(), SamlTime.TruncateToSeconds(clock.GetUtcNow()), destination, assertionConsumerServiceUrl, spEntityId);

    public string ToXml()
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        var root = document.CreateElement("samlp", "AuthnRequest", SamlNames.ProtocolNamespace);
        root.SetAttribute("xmlns:saml", SamlNames.AssertionNamespace);
        root.SetAttribute("ID", Id);
        root.SetAttribute("Version", "2.0");
        root.SetAttribute("IssueInstant", SamlTime.Format(IssueInstant));
        root.SetAttribute("Destination", Destination);
        root.SetAttribute("AssertionConsumerServiceURL", AssertionConsumerServiceUrl);
        root.SetAttribute("ProtocolBinding", SamlNames.HttpPostBinding);
        document.AppendChild(root);

        var issuer = document.CreateElement("saml", "Issuer", SamlNames.AssertionNamespace);
        issuer.InnerText = Issuer;
        root.AppendChild(issuer);

        var policy = document.CreateElement("samlp", "NameIDPolicy", SamlNames.ProtocolNamespace);
        policy.SetAttribute("Format", SamlNames.NameIdEmailAddress);
        policy.SetAttribute("AllowCreate", "true");
        root.AppendChild(policy);
        return document.OuterXml;
    }

    /// <summary>Reads an AuthnRequest as the IdP receives it; <paramref name="error"/> says what is wrong otherwise.</summary>
    public static bool TryParse(string xml, [NotNullWhen(true)] out AuthnRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!SamlXml.TryParse(xml, "the AuthnRequest", out var document, out error)) return false;

        var root = document.DocumentElement;
        if (root is null || root.LocalName != "AuthnRequest" || root.NamespaceURI != SamlNames.ProtocolNamespace)
        {
            error = $"expected a samlp:AuthnRequest, got {root?.Name ?? "an empty document"}";
            return false;
        }
        var ns = SamlXml.Namespaces(document);
        var id = root.GetAttribute("ID");
        var version = root.GetAttribute("Version");
        var acs = root.GetAttribute("AssertionConsumerServiceURL");
        var binding = root.GetAttribute("ProtocolBinding");
        var issuer = root.SelectSingleNode("saml:Issuer", ns)?.InnerText.Trim();

        error = id.Length == 0 ? "the AuthnRequest has no ID"
            : version != "2.0" ? $"the AuthnRequest has Version '{version}', expected 2.0"
            : !SamlTime.TryParse(root.GetAttribute("IssueInstant"), out _) ? "the AuthnRequest has no valid IssueInstant"
            : acs.Length == 0 ? "the AuthnRequest has no AssertionConsumerServiceURL (selecting the ACS by index is not supported)"
            : !IsHttpUrl(acs) ? $"the AssertionConsumerServiceURL '{acs}' is not an absolute http(s) URL"
            : binding.Length > 0 && binding != SamlNames.HttpPostBinding ? $"the ProtocolBinding '{binding}' is not supported; this IdP answers with HTTP-POST"
            : string.IsNullOrEmpty(issuer) ? "the AuthnRequest has no Issuer (the SP entity id)"
            : null;
        if (error is not null) return false;

        SamlTime.TryParse(root.GetAttribute("IssueInstant"), out var issueInstant);
        request = new AuthnRequest(id, issueInstant, root.GetAttribute("Destination"), acs, issuer!);
        return true;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
