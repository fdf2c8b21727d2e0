using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A thread-safe list of host patterns (an SSL-inspection bypass list): an exact name such as
/// "idp.lab", or "*.example.lab", which matches every name below example.lab but not example.lab itself.
/// Readers see a consistent snapshot while a trainee edits the list.
/// </summary>
public sealed partial class HostPatternList
{
    private readonly Lock _gate = new();
    private ImmutableArray<string> _patterns = [];

    public HostPatternList(IEnumerable<string>? patterns = null)
    {
        if (patterns is not null) Replace(patterns);
    }

    /// <summary>The patterns, in the order they were added.</summary>
    public IReadOnlyList<string> List() => _patterns;

    /// <summary>Adds a pattern; returns false when it was already there.</summary>
    public bool Add(string pattern)
    {
        var normal = Normalize(pattern);
        lock (_gate)
        {
            if (_patterns.Contains(normal)) return false;
            _patterns = _patterns.Add(normal);
            return true;
        }
    }

    /// <summary>Removes a pattern; returns false when it was not there.</summary>
    public bool Remove(string pattern)
    {
        var normal = Normalize(pattern);
        lock (_gate)
        {
            var index = _patterns.IndexOf(normal);
            if (index < 0) return false;
            _patterns = _patterns.RemoveAt(index);
            return true;
        }
    }

    /// <summary>Replaces the whole list (every pattern is checked first; on a bad one nothing changes).</summary>
    public void Replace(IEnumerable<string> patterns)
    {
        var normal = patterns.Select(Normalize).Distinct(StringComparer.Ordinal).ToImmutableArray();
        lock (_gate) _patterns = normal;
    }

    /// <summary>Whether <paramref name="host"/> is on the list.</summary>
    public bool Matches(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        foreach (var pattern in _patterns)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                // "*.example.lab" -> any name ending in ".example.lab" with at least one label in front.
                if (name.Length > pattern.Length - 1 && name.EndsWith(pattern.AsSpan(1), StringComparison.Ordinal)) return true;
            }
            else if (name == pattern) return true;
        }
        return false;
    }

    /// <summary>Why <paramref name="pattern"/> is not a valid host pattern, or null when it is.</summary>
    public static string? Problem(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return "a host pattern must not be empty";
        var name = pattern.TrimEnd('.');
        if (name.StartsWith("*.", StringComparison.Ordinal)) name = name[2..];
        return HostName().IsMatch(name) && name.Length <= 253
            ? null
            : $"'{pattern}' is not a host name or '*.suffix' pattern";
    }

    private static string Normalize(string pattern) =>
        Problem(pattern) is { } problem ? throw new ArgumentException(problem, nameof(pattern)) : pattern.TrimEnd('.').ToLowerInvariant();

    [GeneratedRegex("^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$")]
    private static partial Regex HostName();
}
