using System.Net;
using System.Text;
using FaultLab.Saml;

namespace FaultLab.Nodes.Idp;

/// <summary>The IdP's sign-in page: user name and password, with the pending request in hidden fields.</summary>
public static class IdpLoginPage
{
    public const string UserNameField = "username";
    public const string PasswordField = "password";

    public static string Render(PendingAuthnRequest pending, string? error, string? userName = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>FaultLab IdP - Sign in</title></head>\n<body>\n");
        html.Append("<h1>Sign in</h1>\n");
        html.Append($"<p>to continue to {Encode(pending.SpEntityId)}</p>\n");
        if (error is not null) html.Append($"<p class=\"error\" role=\"alert\">{Encode(error)}</p>\n");
        html.Append($"<form method=\"post\" action=\"{IdpNode.LoginPath}\">\n");
        html.Append($"<label>E-mail <input type=\"text\" name=\"{UserNameField}\" value=\"{Encode(userName ?? "")}\" autocomplete=\"username\"/></label>\n");
        html.Append($"<label>Password <input type=\"password\" name=\"{PasswordField}\" value=\"\" autocomplete=\"current-password\"/></label>\n");
        Hidden(html, PendingAuthnRequest.RequestIdField, pending.RequestId);
        Hidden(html, PendingAuthnRequest.AssertionConsumerServiceField, pending.AssertionConsumerServiceUrl);
        Hidden(html, PendingAuthnRequest.SpEntityIdField, pending.SpEntityId);
        if (pending.RelayState is not null) Hidden(html, SamlNames.RelayStateField, pending.RelayState);
        html.Append("<input type=\"submit\" value=\"Sign in\"/>\n</form>\n</body></html>\n");
        return html.ToString();
    }

    private static void Hidden(StringBuilder html, string name, string value) =>
        html.Append($"<input type=\"hidden\" name=\"{name}\" value=\"{Encode(value)}\"/>\n");

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
