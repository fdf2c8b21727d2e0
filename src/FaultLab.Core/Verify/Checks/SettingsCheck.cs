using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Settings;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Compares keys of a settings document (the portal policy or the device state) with required values:
/// a mapping such as <c>{ forwarding.transport: tls }</c> (nested mappings work too), or one key with
/// <c>expect</c> or with <c>below</c> / <c>above</c> for a number. Keys and value types are checked
/// against the document's defaults when the lab loads. A failure names the key and its current value,
/// never the required one: for these checks the required value is the fix.
/// </summary>
public abstract class SettingsCheck : VerifyCheck
{
    private readonly IReadOnlyList<(string Key, JsonNode? Value)> _required;
    private readonly string? _boundedKey;
    private readonly double? _below;
    private readonly double? _above;

    protected SettingsCheck(VerifyArguments arguments, bool perLaptop, string documentName, Func<SettingsDocument> defaults) : base(arguments, perLaptop)
    {
        DocumentName = documentName;
        var scratch = defaults();
        var required = new List<(string, JsonNode?)>();
        if (arguments.Value is JsonObject map)
        {
            Collect(map, "");
        }
        else
        {
            var key = arguments.ValueText("a key, or a mapping of keys to values");
            var current = Validated(key, null, checkType: false);
            _below = arguments.TakeNumber("below");
            _above = arguments.TakeNumber("above");
            if (_below is not null || _above is not null)
            {
                if (current?.GetValueKind() != JsonValueKind.Number) throw arguments.Error($"{documentName} '{key}' is not a number, so below/above do not apply");
                _boundedKey = key;
                if (arguments.Take("expect") is not null) throw arguments.Error("give either 'expect' or below/above, not both");
            }
            else
            {
                var expect = arguments.Take("expect") ?? throw arguments.Error($"{documentName} '{key}' needs 'expect' (or below/above for a number)");
                required.Add((key, Validated(key, expect, checkType: true)));
            }
        }
        if (required.Count == 0 && _boundedKey is null) throw arguments.Error($"name at least one {documentName} key");
        _required = required;

        void Collect(JsonObject values, string prefix)
        {
            foreach (var (name, value) in values)
            {
                var key = prefix + name;
                if (value is JsonObject nested && Validated(key, null, checkType: false) is JsonObject) Collect(nested, key + ".");
                else required.Add((key, Validated(key, value, checkType: true)));
            }
        }

        JsonNode? Validated(string key, JsonNode? value, bool checkType)
        {
            try
            {
                var current = scratch.Get(key);
                if (checkType) scratch.Set(key, value?.DeepClone());
                return checkType ? value?.DeepClone() : current;
            }
            catch (SettingsException e)
            {
                throw arguments.Error($"{documentName}: {e.Message}");
            }
        }
    }

    /// <summary>"policy" or "device", as messages name the document.</summary>
    protected string DocumentName { get; }

    /// <summary>The document this check reads in the instance.</summary>
    protected abstract SettingsDocument DocumentOf(IVerifyContext context);

    protected override string DefaultName =>
        $"{DocumentName} {string.Join(", ", _required.Select(r => r.Key).Append(_boundedKey).OfType<string>())}";

    protected override Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        var document = DocumentOf(context);
        var wrong = new List<string>();
        var seen = new List<string>();
        foreach (var (key, value) in _required)
        {
            var actual = document.Get(key);
            if (JsonNode.DeepEquals(actual, value)) seen.Add($"{DocumentName} {key} is {Show(actual)}");
            else wrong.Add($"{DocumentName} {key} is {Show(actual)}, which is not what this lab needs");
        }
        if (_boundedKey is not null)
        {
            var actual = document.Get(_boundedKey);
            var number = VerifyArguments.NumberOf(actual);
            if (number is null || number >= _below || number <= _above) wrong.Add($"{DocumentName} {_boundedKey} is {Show(actual)}, outside the range this lab needs");
            else seen.Add($"{DocumentName} {_boundedKey} is {Show(actual)}");
        }
        return Task.FromResult(wrong.Count == 0 ? CheckOutcome.Held(string.Join("; ", seen)) : CheckOutcome.Failed(string.Join("; ", wrong)));
    }

    private static string Show(JsonNode? node) => node switch
    {
        null => "unset",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{v.GetValue<string>()}'",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => VerifyArguments.NumberOf(v)!.Value.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
