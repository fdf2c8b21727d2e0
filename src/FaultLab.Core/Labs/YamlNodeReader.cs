using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace FaultLab.Labs;

/// <summary>
/// Typed reads from a YAML tree that fail with the file, line and column of the offending node,
/// so a lab author reads "labs/x.yaml:12:5: ..." instead of a stack trace.
/// </summary>
public sealed class YamlNodeReader(string file)
{
    public string File { get; } = file;

    public LabFileException Error(YamlNode node, string message) =>
        new(new LabError(File, (int)node.Start.Line, (int)node.Start.Column, message));

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value), got {Describe(node)}");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list, got {Describe(node)}");

    /// <summary>Refuses any key not in <paramref name="allowed"/>, suggesting the closest one.</summary>
    public void RequireKnownKeys(YamlMappingNode map, string what, IReadOnlyCollection<string> allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = Scalar(key, $"a key of {what}");
            if (!allowed.Contains(name))
                throw Error(key, $"unknown key '{name}' in {what}{NameSuggester.Hint(name, allowed)}; expected one of: {string.Join(", ", allowed)}");
        }
    }

    public YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public YamlNode Required(YamlMappingNode map, string key, string what) =>
        Optional(map, key) ?? throw Error(map, $"{what} is missing required key '{key}'");

    public string Scalar(YamlNode node, string what) => node switch
    {
        YamlScalarNode { Value: { } v } => v,
        _ => throw Error(node, $"{what} must be a single value, got {Describe(node)}"),
    };

    public string String(YamlMappingNode map, string key, string what) => Scalar(Required(map, key, what), $"'{key}'");

    public string? OptionalString(YamlMappingNode map, string key) =>
        Optional(map, key) is { } node ? Scalar(node, $"'{key}'") : null;

    public int Int(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"{what} must be an integer, got '{text}'");
    }

    public double Double(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"{what} must be a number, got '{text}'");
    }

    public bool Bool(YamlNode node, string what) => Scalar(node, what).ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var other => throw Error(node, $"{what} must be true or false, got '{other}'"),
    };

    /// <summary>One of <paramref name="allowed"/>, compared case-insensitively; returns the canonical spelling.</summary>
    public string OneOf(YamlNode node, string what, IReadOnlyCollection<string> allowed)
    {
        var text = Scalar(node, what);
        return allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? throw Error(node, $"{what} must be one of {string.Join(", ", allowed)}, got '{text}'{NameSuggester.Hint(text, allowed)}");
    }

    public IReadOnlyList<string> StringList(YamlNode node, string what) =>
        Sequence(node, what).Children.Select((item, i) => Scalar(item, $"{what}[{i}]")).ToArray();

    /// <summary>Converts a subtree to JSON with YAML 1.2 core-schema typing of plain scalars.</summary>
    public JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(Scalar(kv.Key, "a key"), ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ScalarToJson(scalar),
        _ => throw Error(node, $"unsupported YAML node {Describe(node)}"),
    };

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or "~" or "null" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
