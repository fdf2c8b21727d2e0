using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text;

namespace FaultLab.Saml;

/// <summary>
/// The HTTP-Redirect binding (SAML bindings §3.4): the message is raw DEFLATE compressed, base64 encoded
/// and URL-encoded into the SAMLRequest query parameter, with RelayState alongside.
/// </summary>
public static class SamlRedirectBinding
{
    /// <summary>Largest inflated message accepted, so a tiny query cannot expand into a huge document.</summary>
    public const int MaxInflatedBytes = 256 * 1024;

    /// <summary>DEFLATE + base64, not yet URL-encoded.</summary>
    public static string Encode(string xml)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(Encoding.UTF8.GetBytes(xml));
        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>The URL a browser is redirected to: the IdP SSO endpoint with SAMLRequest and RelayState.</summary>
    public static Uri RequestUrl(AuthnRequest request, string? relayState)
    {
        var query = $"{SamlNames.SamlRequestField}={Uri.EscapeDataString(Encode(request.ToXml()))}";
        if (!string.IsNullOrEmpty(relayState)) query += $"&{SamlNames.RelayStateField}={Uri.EscapeDataString(relayState)}";
        var separator = request.Destination.Contains('?') ? '&' : '?';
        return new Uri(request.Destination + separator + query);
    }

    /// <summary>Reverses <see cref="Encode"/> on an already URL-decoded SAMLRequest value.</summary>
    public static bool TryDecode(string value, [NotNullWhen(true)] out string? xml, [NotNullWhen(false)] out string? error)
    {
        xml = null;
        // A '+' that was not percent-encoded arrives as a space after query decoding.
        var base64 = value.Replace(' ', '+');
        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            error = "SAMLRequest is not valid base64";
            return false;
        }

        try
        {
            using var deflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = deflate.Read(chunk)) > 0)
            {
                if (inflated.Length + read > MaxInflatedBytes)
                {
                    error = $"SAMLRequest inflates to more than {MaxInflatedBytes} bytes";
                    return false;
                }
                inflated.Write(chunk, 0, read);
            }
            xml = Encoding.UTF8.GetString(inflated.GetBuffer(), 0, (int)inflated.Length);
        }
        catch (InvalidDataException)
        {
            error = "SAMLRequest is not raw DEFLATE data (the redirect binding forbids a zlib header and uncompressed messages)";
            return false;
        }
        if (xml.Length == 0)
        {
            error = "SAMLRequest inflates to nothing";
            xml = null;
            return false;
        }
        error = null;
        return true;
    }
}
