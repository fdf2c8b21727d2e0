using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Labs;

namespace FaultLab.Verify;

/// <summary>
/// A verify entry being read by its check class: typed reads that fail with the lab file and line,
/// and a record of which keys were read so a modifier that does not apply to the kind is refused.
/// </summary>
public sealed class VerifyArguments
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly VerifyCheckRegistry _registry;

    internal VerifyArguments(VerifySpec spec, LabDefinition lab, VerifyOptions options, VerifyCheckRegistry registry)
    {
        Spec = spec;
        Lab = lab;
        Options = options;
        _registry = registry;
    }

    public VerifySpec Spec { get; }
    public LabDefinition Lab { get; }
    public VerifyOptions Options { get; }
    public string Kind => Spec.Kind;

    /// <summary>The value under the kind's own key (e.g. "ipcheck" for <c>app: ipcheck</c>); required.</summary>
    public JsonNode Value
    {
        get
        {
            _read.Add(Kind);
            return Spec.Arguments[Kind] ?? throw Error($"'{Kind}' needs a value");
        }
    }

    /// <summary>The kind's value as one word or text.</summary>
    public string ValueText(string what) => Text(Value, $"'{Kind}' ({what})");

    /// <summary>The kind's value as a mapping.</summary>
    public JsonObject ValueMapping(string what) =>
        Value as JsonObject ?? throw Error($"'{Kind}' must be a mapping ({what}), got {Describe(Value)}");

    /// <summary>A modifier's raw value, or null when absent.</summary>
    public JsonNode? Take(string key)
    {
        _read.Add(key);
        return Spec.Arguments[key];
    }

    public string? TakeString(string key) => Take(key) is { } node ? Text(node, $"'{key}'") : null;

    public double? TakeNumber(string key, double minimum = double.NegativeInfinity, double maximum = double.PositiveInfinity) =>
        Take(key) is { } node ? Number(node, $"'{key}'", minimum, maximum) : null;

    public int? TakeInt(string key, int minimum, int maximum)
    {
        if (Take(key) is not { } node) return null;
        var value = Number(node, $"'{key}'", minimum, maximum);
        return value == Math.Floor(value) ? (int)value : throw Error($"'{key}' must be a whole number, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned in its canonical spelling.</summary>
    public string OneOf(JsonNode node, string what, IReadOnlyCollection<string> allowed)
    {
        var text = Text(node, what);
        return allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? throw Error($"{what} must be one of {string.Join(", ", allowed)}, got '{text}'{NameSuggester.Hint(text, allowed)}");
    }

    /// <summary>A scalar as text (numbers in invariant form, booleans as true/false).</summary>
    public string Text(JsonNode node, string what) => ScalarText(node) ?? throw Error($"{what} must be a single value, got {Describe(node)}");

    public double Number(JsonNode node, string what, double minimum = double.NegativeInfinity, double maximum = double.PositiveInfinity)
    {
        double value;
        if (NumberOf(node) is { } number) value = number;
        else if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String
                 && double.TryParse(s.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) value = parsed;
        else throw Error($"{what} must be a number, got {Describe(node)}");
        if (value < minimum || value > maximum)
            throw Error($"{what} must be {RangeText(minimum, maximum)}, got {value.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    /// <summary>Refuses every key of the entry that the check did not read, e.g. <c>polls</c> on an app check.</summary>
    public void RefuseUnread()
    {
        foreach (var (key, _) in Spec.Arguments)
            if (!_read.Contains(key))
                throw Error($"'{key}' does not apply to {Article(Kind)} {Kind} check");
    }

    /// <summary>Builds a check from an entry nested in this one (e.g. the check a <c>stable</c> entry repeats).</summary>
    public VerifyCheck BuildNested(JsonObject entry, string what)
    {
        var kinds = entry.Select(kv => kv.Key).Where(VerifySpec.Kinds.Contains).ToArray();
        if (kinds.Length != 1)
            throw Error($"{what} names exactly one check kind ({string.Join(", ", VerifySpec.Kinds)}), found {(kinds.Length == 0 ? "none" : string.Join(", ", kinds))}");
        foreach (var (key, _) in entry)
            if (!VerifySpec.Kinds.Contains(key) && !VerifySpec.Modifiers.Contains(key))
                throw Error($"unknown key '{key}' in {what}{NameSuggester.Hint(key, [.. VerifySpec.Kinds, .. VerifySpec.Modifiers])}");
        return _registry.Create(new VerifySpec(kinds[0], entry, Spec.Line), Lab, Options);
    }

    /// <summary>An error at this entry's line: <c>labs/x.yaml:12:1: verify check 'app': ...</c>.</summary>
    public LabFileException Error(string message) =>
        new(new LabError(Lab.SourceFile, Spec.Line, 1, $"verify check '{Kind}': {message}"));

    internal static string? ScalarText(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    /// <summary>A JSON number as a double, whichever numeric type backs it; null for anything else.</summary>
    internal static double? NumberOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static string Describe(JsonNode? node) => node switch
    {
        JsonObject => "a mapping",
        JsonArray => "a list",
        null => "nothing",
        _ => $"'{ScalarText(node)}'",
    };

    private static string RangeText(double minimum, double maximum) =>
        (double.IsNegativeInfinity(minimum), double.IsPositiveInfinity(maximum)) switch
        {
            (true, true) => "a number",
            (false, true) => $"at least {minimum.ToString(CultureInfo.InvariantCulture)}",
            (true, false) => $"at most {maximum.ToString(CultureInfo.InvariantCulture)}",
            _ => $"between {minimum.ToString(CultureInfo.InvariantCulture)} and {maximum.ToString(CultureInfo.InvariantCulture)}",
        };

    private static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";
}
