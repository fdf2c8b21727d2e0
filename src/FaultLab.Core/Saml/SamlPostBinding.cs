using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace FaultLab.Saml;

/// <summary>The HTTP-POST binding (SAML bindings §3.5): the message is base64 encoded (not compressed) into a form field.</summary>
public static class SamlPostBinding
{
    public static string Encode(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));

    public static bool TryDecode(string? value, [NotNullWhen(true)] out string? xml, [NotNullWhen(false)] out string? error)
    {
        xml = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the SAML message is empty";
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value.Replace(' ', '+'));
        }
        catch (FormatException)
        {
            error = "the SAML message is not valid base64";
            return false;
        }
        try
        {
            xml = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            error = "the SAML message is not UTF-8 text";
            return false;
        }
        error = null;
        return true;
    }
}
