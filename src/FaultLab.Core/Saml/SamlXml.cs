using System.Diagnostics.CodeAnalysis;
using System.Xml;

namespace FaultLab.Saml;

/// <summary>Loads SAML documents safely (no DTDs, no external resolution, whitespace kept for signatures).</summary>
public static class SamlXml
{
    /// <summary>Largest document accepted, in characters; SAML messages are a few kilobytes.</summary>
    public const long MaxDocumentChars = 1_000_000;

    /// <summary>Parses <paramref name="xml"/>; throws <see cref="XmlException"/> when it is not well-formed or carries a DTD.</summary>
    public static XmlDocument Parse(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxDocumentChars,
        };
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        document.Load(reader);
        return document;
    }

    /// <summary>Parses <paramref name="xml"/>, or says why <paramref name="what"/> (e.g. "the Response") cannot be read.</summary>
    public static bool TryParse(string xml, string what, [NotNullWhen(true)] out XmlDocument? document, [NotNullWhen(false)] out string? error)
    {
        try
        {
            document = Parse(xml);
            error = null;
            return true;
        }
        catch (XmlException e)
        {
            document = null;
            error = $"{what} is not well-formed XML: {e.Message}";
            return false;
        }
    }

    /// <summary>A namespace manager with the prefixes samlp, saml, md and ds bound.</summary>
    public static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("samlp", SamlNames.ProtocolNamespace);
        ns.AddNamespace("saml", SamlNames.AssertionNamespace);
        ns.AddNamespace("md", SamlNames.MetadataNamespace);
        ns.AddNamespace("ds", SamlNames.XmlDsigNamespace);
        return ns;
    }
}
