namespace FaultLab.World;

/// <summary>
/// A host name pattern as lab files and bypass lists write them: an exact name ("idp.lab"),
/// a suffix ("*.edge.lab" matches every name below edge.lab, not edge.lab itself) or "*" for all.
/// </summary>
public readonly record struct HostPattern
{
    private HostPattern(string text) => Text = text;

    public string Text { get; }

    /// <summary>Parses a pattern, or returns the reason it is not one.</summary>
    public static bool TryParse(string text, out HostPattern pattern, out string? error)
    {
        pattern = default;
        var t = text.Trim().TrimEnd('.').ToLowerInvariant();
        var name = t.StartsWith("*.", StringComparison.Ordinal) ? t[2..] : t;
        if (t != "*" && (name.Length == 0 || name.Contains('*') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            error = $"'{text}' is not a host pattern (use a name like idp.lab, a suffix like *.edge.lab, or *)";
            return false;
        }
        pattern = new HostPattern(t);
        error = null;
        return true;
    }

    public static HostPattern Parse(string text) =>
        TryParse(text, out var p, out var error) ? p : throw new FormatException(error);

    public bool Matches(string host)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        if (Text == "*") return true;
        return Text.StartsWith("*.", StringComparison.Ordinal) ? h.EndsWith(Text[1..], StringComparison.Ordinal) : h == Text;
    }

    public override string ToString() => Text;
}
