using System.Diagnostics.CodeAnalysis;
using FaultLab.Saml;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Nodes.Idp;

/// <summary>
/// The part of an AuthnRequest the IdP needs after sign-in, carried through the login form in hidden fields:
/// which request to answer, to which ACS, for which SP, with which RelayState.
/// </summary>
public sealed record PendingAuthnRequest(string RequestId, string AssertionConsumerServiceUrl, string SpEntityId, string? RelayState)
{
    public const string RequestIdField = "RequestID";
    public const string AssertionConsumerServiceField = "AssertionConsumerServiceURL";
    public const string SpEntityIdField = "SPEntityID";

    public static PendingAuthnRequest From(AuthnRequest request, string? relayState) =>
        new(request.Id, request.AssertionConsumerServiceUrl, request.Issuer, string.IsNullOrEmpty(relayState) ? null : relayState);

    /// <summary>Reads the hidden fields back from the posted login form.</summary>
    public static bool TryRead(IFormCollection form, [NotNullWhen(true)] out PendingAuthnRequest? pending, [NotNullWhen(false)] out string? error)
    {
        pending = null;
        var id = form[RequestIdField].ToString();
        var acs = form[AssertionConsumerServiceField].ToString();
        var sp = form[SpEntityIdField].ToString();
        var relayState = form[SamlNames.RelayStateField].ToString();
        error = id.Length == 0 ? $"the login form lacks {RequestIdField}"
            : sp.Length == 0 ? $"the login form lacks {SpEntityIdField}"
            : !Uri.TryCreate(acs, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                ? $"the login form's {AssertionConsumerServiceField} '{acs}' is not an absolute http(s) URL"
            : null;
        if (error is not null) return false;
        pending = new PendingAuthnRequest(id, acs, sp, relayState.Length == 0 ? null : relayState);
        return true;
    }
}
