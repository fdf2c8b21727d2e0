namespace FaultLab.Saml;

/// <summary>The SAML 2.0 and XML-DSig names (namespaces, bindings, formats, status codes) used across the lab.</summary>
public static class SamlNames
{
    public const string ProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string AssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string MetadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata";
    public const string XmlDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";

    public const string HttpRedirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    public const string HttpPostBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    public const string NameIdEmailAddress = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
    public const string AttributeNameFormatBasic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
    public const string BearerConfirmation = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    public const string PasswordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    public const string StatusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public const string StatusRequester = "urn:oasis:names:tc:SAML:2.0:status:Requester";
    public const string StatusResponder = "urn:oasis:names:tc:SAML:2.0:status:Responder";

    /// <summary>Form and query field names of the HTTP bindings.</summary>
    public const string SamlRequestField = "SAMLRequest";
    public const string SamlResponseField = "SAMLResponse";
    public const string RelayStateField = "RelayState";

    /// <summary>A fresh SAML identifier: an xs:ID must be an NCName, so it may not start with a digit.</summary>
    public static string NewId() => "_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
}
