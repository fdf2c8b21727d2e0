using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Labs;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Runs one of the guide's diagnostics from the laptop, e.g.
/// <c>probe: { http: "http://connectivitycheck.gstatic.lab/generate_204" }</c> with <c>expect: 204</c>,
/// or <c>probe: { tls: "teams.example.lab:443" }</c> with <c>expect: { issuer: FaultLab Origin CA }</c>.
/// Without <c>expect</c> the probe must succeed; <c>expect: fail</c> asks that it does not.
/// </summary>
[VerifyCheckKind("probe")]
public sealed class ProbeCheck : VerifyCheck
{
    /// <summary>The probe kinds of the CLI's <c>probe</c> verb.</summary>
    public static IReadOnlyList<string> ProbeKinds { get; } = ["tcp", "udp", "dns", "tls", "http", "mtu", "ipcheck"];

    private readonly string _probe;
    private readonly IReadOnlyDictionary<string, string> _arguments;
    private readonly bool _expectOk = true;
    private readonly IReadOnlyList<(string Key, string Value)> _expectFields;

    public ProbeCheck(VerifyArguments arguments) : base(arguments, perLaptop: true)
    {
        var map = arguments.ValueMapping("one probe kind and its target, e.g. { http: URL }");
        if (map.Count != 1)
            throw arguments.Error($"'probe' names exactly one probe kind ({string.Join(", ", ProbeKinds)}), found {map.Count}");
        var (kind, target) = map.First();
        _probe = arguments.OneOf(JsonValue.Create(kind), "the probe kind", ProbeKinds);

        var probeArguments = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (target)
        {
            case null:
                break;
            case JsonObject named:
                foreach (var (key, value) in named)
                    probeArguments[key] = value is null ? throw arguments.Error($"probe argument '{key}' needs a value") : arguments.Text(value, $"probe argument '{key}'");
                break;
            default:
                probeArguments["target"] = arguments.Text(target, $"the {_probe} probe's target");
                break;
        }
        if (arguments.TakeString("host") is { } host) probeArguments["host"] = host;
        if (probeArguments.Count == 0) throw arguments.Error($"the {_probe} probe needs a target, e.g. {{ {_probe}: NAME }}");
        _arguments = probeArguments;

        var fields = new List<(string, string)>();
        switch (arguments.Take("expect"))
        {
            case null:
                break;
            case JsonObject expected:
                foreach (var (key, value) in expected)
                {
                    var text = value is null ? throw arguments.Error($"'expect' {key} needs a value") : arguments.Text(value, $"'expect' {key}");
                    if (key == "ok") _expectOk = arguments.OneOf(value, "'expect' ok", ["true", "false"]) == "true";
                    else fields.Add((key, text));
                }
                break;
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number:
                fields.Add(("status", StatusCode(arguments, number)));
                break;
            case var word:
                _expectOk = arguments.OneOf(word, "'expect'", ["ok", "fail"]) == "ok";
                break;
        }
        if (!_expectOk && fields.Count > 0) throw arguments.Error("a probe expected to fail has no fields to compare");
        _expectFields = fields;
    }

    protected override string DefaultName
    {
        get
        {
            var target = _arguments.TryGetValue("target", out var t) ? t : string.Join(" ", _arguments.Select(a => $"{a.Key}={a.Value}"));
            var expectation = _expectFields.Count > 0 ? string.Join(", ", _expectFields.Select(f => $"{f.Key}={f.Value}")) : _expectOk ? "ok" : "fails";
            return $"probe {_probe} {target} {expectation}";
        }
    }

    protected override async Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        if (context.Agent is not { } agent) return CheckOutcome.Failed($"no agent is running on {context.Laptop} to probe from");
        var result = await agent.ProbeAsync(_probe, _arguments, cancellationToken);
        if (!_expectOk)
            return result.Ok ? CheckOutcome.Failed($"the {_probe} probe succeeds, but should not: {result.Summary}") : CheckOutcome.Held(result.Summary);

        var wrong = new List<string>();
        foreach (var (key, expected) in _expectFields)
        {
            var actual = key switch
            {
                "status" => result.StatusCode?.ToString(CultureInfo.InvariantCulture),
                "issuer" => result.Issuer,
                _ => result.Fields.TryGetValue(key, out var v) ? v : null,
            };
            var matches = key == "issuer" ? CertificateIssuer.Matches(actual, expected) : string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
            if (!matches) wrong.Add(actual is null ? $"the {_probe} probe reports no {key} ({result.Summary})" : $"{Label(key)} is {actual}, expected {expected}");
        }
        // A status or issuer mismatch says more than "failed"; a bare failure is reported as the probe's own line.
        if (wrong.Count > 0) return CheckOutcome.Failed(string.Join("; ", wrong));
        return result.Ok ? CheckOutcome.Held(result.Summary) : CheckOutcome.Failed($"the {_probe} probe fails: {result.Summary}");
    }

    private static string Label(string key) => key switch
    {
        "status" => "the answer's status",
        "issuer" => "the certificate issuer",
        _ => key,
    };

    private static string StatusCode(VerifyArguments arguments, JsonNode node)
    {
        var code = arguments.Number(node, "'expect' (an HTTP status code)", 100, 599);
        return code == Math.Floor(code) ? ((int)code).ToString(CultureInfo.InvariantCulture) : throw arguments.Error($"'expect' must be a whole status code, got {code}");
    }
}
