using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace FaultLab.Saml;

/// <summary>
/// The first HTML form of a page, as a browser would submit it: its action, method and the named
/// input fields with their values. Web SSO is a chain of such forms (the IdP login page, the
/// HTTP-POST binding's auto-submit page), so the simulated browser reads them with this.
/// </summary>
public sealed partial record HtmlForm(string Action, string Method, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>Finds the first &lt;form&gt; in <paramref name="html"/>; attribute values must be quoted.</summary>
    public static bool TryParse(string html, [NotNullWhen(true)] out HtmlForm? form)
    {
        form = null;
        var match = FormPattern().Match(html);
        if (!match.Success) return false;

        var attributes = Attributes(match.Groups["attrs"].Value);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputPattern().Matches(match.Groups["body"].Value))
        {
            var inputAttributes = Attributes(input.Groups["attrs"].Value);
            if (!inputAttributes.TryGetValue("name", out var name)) continue;
            if (inputAttributes.TryGetValue("type", out var type) && type.Equals("submit", StringComparison.OrdinalIgnoreCase)) continue;
            fields[name] = inputAttributes.GetValueOrDefault("value", "");
        }
        form = new HtmlForm(
            attributes.GetValueOrDefault("action", ""),
            attributes.GetValueOrDefault("method", "get").ToUpperInvariant(),
            fields);
        return true;
    }

    /// <summary>Resolves <see cref="Action"/> against the page's own URL (an empty action posts back to the page).</summary>
    public Uri ActionUri(Uri page) => Action.Length == 0 ? page : new Uri(page, Action);

    private static Dictionary<string, string> Attributes(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in AttributePattern().Matches(text))
            result[attribute.Groups["name"].Value] = WebUtility.HtmlDecode(attribute.Groups["value"].Value);
        return result;
    }

    [GeneratedRegex(@"<form\b(?<attrs>[^>]*)>(?<body>.*?)</form\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b(?<attrs>[^>]*)/?>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex("""(?<name>[A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)')""")]
    private static partial Regex AttributePattern();
}
