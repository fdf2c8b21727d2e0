using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultLab.Settings;

/// <summary>
/// A typed JSON settings tree (the portal's policy, the laptop's device state) addressed by
/// dotted keys such as <c>forwarding.transport</c>. Every key and its type come from a default
/// document, so a typo or a wrong type is refused with the key that is wrong.
/// </summary>
public sealed class SettingsDocument
{
    /// <summary>
    /// Mappings keyed by names that contain dots (idpByDomain: corp.lab -> entity id): in a key the
    /// rest after the mapping's name is one entry (<c>idpByDomain.corp.lab</c>), entries may be added,
    /// and a lab's override replaces the whole mapping.
    /// </summary>
    private static readonly string[] NamedMappings = ["idpByDomain"];

    private readonly JsonObject _root;
    private readonly object _gate = new();

    private SettingsDocument(JsonObject root) => _root = root;

    /// <summary>The portal policy, starting from FaultLab's defaults.</summary>
    public static SettingsDocument DefaultPolicy() => FromResource("default-policy.json");

    /// <summary>The laptop's device state, starting from FaultLab's defaults.</summary>
    public static SettingsDocument DefaultDevice() => FromResource("default-device.json");

    /// <summary>All keys as dotted paths, for help texts and suggestions.</summary>
    public IReadOnlyList<string> Keys
    {
        get { lock (_gate) return Flatten(_root, "").ToArray(); }
    }

    /// <summary>A deep copy of the whole tree.</summary>
    public JsonObject Snapshot()
    {
        lock (_gate) return (JsonObject)_root.DeepClone();
    }

    /// <summary>The value at <paramref name="key"/> (a copy), or an error naming the unknown key.</summary>
    public JsonNode? Get(string key)
    {
        lock (_gate) return Find(key)?.DeepClone();
    }

    /// <summary>Sets a value given as text, parsed to the type the key already has.</summary>
    public void SetFromText(string key, string text)
    {
        lock (_gate)
        {
            var current = Find(key, newEntryAllowed: true);
            SetLocked(key, ParseLike(current, text, key));
        }
    }

    /// <summary>Sets a value; its JSON type must match the existing one.</summary>
    public void Set(string key, JsonNode? value)
    {
        lock (_gate) SetLocked(key, value);
    }

    /// <summary>Applies a lab's overrides: every leaf must name an existing key with the same type.</summary>
    public void Apply(JsonObject overrides, string prefix = "")
    {
        foreach (var (name, value) in overrides)
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value is JsonObject nested && Get(key) is JsonObject && NamedMapping(key) is null) Apply(nested, key);
            else Set(key, value?.DeepClone());
        }
    }

    private void SetLocked(string key, JsonNode? value)
    {
        if (NamedMapping(key) is { } mapping && key.Length > mapping.Length)
        {
            var entry = key[(mapping.Length + 1)..];
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                throw new SettingsException($"'{key}' takes text, got {KindOf(value)}");
            ((JsonObject)_root[mapping]!)[entry] = value;
            return;
        }
        var current = Find(key);
        if (!SameKind(current, value))
            throw new SettingsException($"'{key}' takes {KindOf(current)}, got {KindOf(value)}");
        var (parent, last) = ParentOf(key);
        parent[last] = value;
    }

    private JsonNode? Find(string key, bool newEntryAllowed = false)
    {
        if (NamedMapping(key) is { } mapping && key.Length > mapping.Length)
        {
            var entry = key[(mapping.Length + 1)..];
            var entries = (JsonObject)_root[mapping]!;
            if (entries.TryGetPropertyValue(entry, out var value)) return value;
            // A new entry reads as empty text, so that setting it takes text.
            return newEntryAllowed ? JsonValue.Create("")
                : throw new SettingsException($"'{mapping}' has no entry '{entry}'; it has {(entries.Count == 0 ? "none" : string.Join(", ", entries.Select(e => e.Key)))}");
        }
        JsonNode? node = _root;
        var walked = new List<string>();
        foreach (var part in key.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out var child))
            {
                var known = node is JsonObject o ? o.Select(kv => string.Join('.', walked.Append(kv.Key))) : [];
                throw new SettingsException($"unknown key '{key}'{Labs.NameSuggester.Hint(key, Keys.Concat(known))}");
            }
            walked.Add(part);
            node = child;
        }
        return node;
    }

    /// <summary>The named mapping <paramref name="key"/> is or lies in, if any.</summary>
    private static string? NamedMapping(string key) =>
        NamedMappings.FirstOrDefault(m => key == m || key.StartsWith(m + ".", StringComparison.Ordinal));

    private (JsonObject Parent, string Last) ParentOf(string key)
    {
        var cut = key.LastIndexOf('.');
        var parent = cut < 0 ? _root : (JsonObject)Find(key[..cut])!;
        return (parent, key[(cut + 1)..]);
    }

    private static JsonNode? ParseLike(JsonNode? current, string text, string key)
    {
        switch (current?.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                return bool.TryParse(text, out var b) ? JsonValue.Create(b) : throw new SettingsException($"'{key}' takes true or false, got '{text}'");
            case JsonValueKind.Number:
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l)
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d)
                    : throw new SettingsException($"'{key}' takes a number, got '{text}'");
            case JsonValueKind.String:
                return JsonValue.Create(text);
            default:
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    throw new SettingsException($"'{key}' takes {KindOf(current)} as JSON (e.g. [\"a\",\"b\"]): {e.Message}");
                }
        }
    }

    private static bool SameKind(JsonNode? a, JsonNode? b)
    {
        var (ka, kb) = (Kind(a), Kind(b));
        return ka == kb;

        static string Kind(JsonNode? n) => n?.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => "number",
            JsonValueKind.String => "string",
            JsonValueKind.Array => "list",
            JsonValueKind.Object => "mapping",
            _ => "null",
        };
    }

    private static string KindOf(JsonNode? n) => n?.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "text",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a mapping",
        _ => "nothing",
    };

    private static IEnumerable<string> Flatten(JsonObject obj, string prefix)
    {
        foreach (var (name, value) in obj)
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value is JsonObject nested) foreach (var k in Flatten(nested, key)) yield return k;
            else yield return key;
        }
    }

    private static SettingsDocument FromResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"FaultLab.Settings.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} missing");
        return new SettingsDocument((JsonObject)JsonNode.Parse(stream)!);
    }
}
