using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace FaultLab.Saml;

/// <summary>
/// The HTTP-POST binding page an IdP answers after sign-in: a form that the browser submits on load,
/// carrying the base64 SAMLResponse and the RelayState to the SP's assertion consumer service.
/// </summary>
public sealed record SamlPostForm(string AssertionConsumerServiceUrl, string SamlResponse, string? RelayState)
{
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Signing in</title></head>\n");
        html.Append("<body onload=\"document.forms[0].submit()\">\n");
        html.Append("<noscript><p>Scripts are off: press Continue to finish signing in.</p></noscript>\n");
        html.Append($"<form method=\"post\" action=\"{Encode(AssertionConsumerServiceUrl)}\">\n");
        html.Append($"<input type=\"hidden\" name=\"{SamlNames.SamlResponseField}\" value=\"{Encode(SamlResponse)}\"/>\n");
        if (RelayState is not null)
            html.Append($"<input type=\"hidden\" name=\"{SamlNames.RelayStateField}\" value=\"{Encode(RelayState)}\"/>\n");
        html.Append("<noscript><input type=\"submit\" value=\"Continue\"/></noscript>\n</form>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>Reads the page back (what the SP-side browser does); false when it carries no SAMLResponse.</summary>
    public static bool TryParse(string html, [NotNullWhen(true)] out SamlPostForm? form)
    {
        form = null;
        if (!HtmlForm.TryParse(html, out var parsed) || parsed.Method != "POST") return false;
        if (!parsed.Fields.TryGetValue(SamlNames.SamlResponseField, out var response) || response.Length == 0) return false;
        form = new SamlPostForm(parsed.Action, response, parsed.Fields.GetValueOrDefault(SamlNames.RelayStateField));
        return true;
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
