using System.Globalization;
using System.Text.Json.Nodes;
using FaultLab.Labs;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Runs an app of the laptop through the agent and checks what the user would see:
/// <c>app: ipcheck</c> with <c>expect: connected</c> (or <c>ok</c>, the default, or <c>denied</c>), or a
/// mapping of observations such as <c>expect: { issuer: FaultLab Origin CA }</c>; <c>below</c> /
/// <c>above</c> bound the measured media loss in percent (teams).
/// </summary>
[VerifyCheckKind("app")]
public sealed class AppCheck : VerifyCheck
{
    /// <summary>The apps of the simulated laptop.</summary>
    public static IReadOnlyList<string> KnownApps { get; } = ["browser", "ipcheck", "teams", "ssh", "hr", "update"];

    private static readonly string[] Words = ["ok", "connected", "denied"];
    private static readonly string[] ObservationKeys = ["issuer", "city", "connected"];

    private readonly string _app;
    private readonly string _expect;
    private readonly IReadOnlyList<(string Key, string Value)> _observations;
    private readonly double? _lossBelowPercent;
    private readonly double? _lossAbovePercent;

    public AppCheck(VerifyArguments arguments) : base(arguments, perLaptop: true)
    {
        _app = arguments.OneOf(arguments.Value, "'app'", KnownApps);
        var observations = new List<(string, string)>();
        switch (arguments.Take("expect"))
        {
            case null:
                _expect = "ok";
                break;
            case JsonObject map:
                _expect = "ok";
                foreach (var (key, value) in map)
                {
                    if (!ObservationKeys.Contains(key))
                        throw arguments.Error($"unknown app observation '{key}' in 'expect'{NameSuggester.Hint(key, ObservationKeys)}; use {string.Join(", ", ObservationKeys)}");
                    var text = value is null ? throw arguments.Error($"'expect' {key} needs a value") : arguments.Text(value, $"'expect' {key}");
                    observations.Add((key, key == "connected" ? arguments.OneOf(value, "'expect' connected", ["true", "false"]) : text));
                }
                break;
            case var word:
                _expect = arguments.OneOf(word, "'expect'", Words);
                break;
        }
        _observations = observations;
        _lossBelowPercent = arguments.TakeNumber("below", 0, 100);
        _lossAbovePercent = arguments.TakeNumber("above", 0, 100);
        if (_expect == "denied" && (_observations.Count > 0 || _lossBelowPercent is not null || _lossAbovePercent is not null))
            throw arguments.Error("an app expected to be denied has nothing else to measure");
    }

    protected override string DefaultName
    {
        get
        {
            var parts = new List<string> { $"app {_app} {_expect}" };
            parts.AddRange(_observations.Select(o => $"{o.Key}={o.Value}"));
            if (_lossBelowPercent is { } below) parts.Add($"loss<{Format(below)}%");
            if (_lossAbovePercent is { } above) parts.Add($"loss>{Format(above)}%");
            return string.Join(", ", parts);
        }
    }

    protected override async Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        if (context.Agent is not { } agent) return CheckOutcome.Failed($"no agent is running on {context.Laptop}");
        var result = await agent.RunAppAsync(_app, cancellationToken);

        if (_expect == "denied")
            return result is { Ok: false, Denied: true }
                ? CheckOutcome.Held($"{_app} is denied: {result.Summary}")
                : CheckOutcome.Failed(result.Ok ? $"{_app} is not denied: {result.Summary}" : $"{_app} fails, but not by a denial: {result.Summary}");
        if (!result.Ok) return CheckOutcome.Failed($"{_app} does not work: {result.Summary}");
        if (_expect == "connected" && result.Connected != true)
            return CheckOutcome.Failed($"{_app}: the traffic does not go through the edge: {result.Summary}");

        var wrong = new List<string>();
        var seen = new List<string> { $"{_app}: {result.Summary}" };
        foreach (var (key, value) in _observations)
        {
            var (actual, matches) = key switch
            {
                "issuer" => (result.Issuer, CertificateIssuer.Matches(result.Issuer, value)),
                "city" => (result.City, string.Equals(result.City, value, StringComparison.OrdinalIgnoreCase)),
                _ => (result.Connected?.ToString().ToLowerInvariant(), result.Connected?.ToString().ToLowerInvariant() == value),
            };
            if (matches) seen.Add($"{key} {actual}");
            else wrong.Add(actual is null ? $"{_app} reports no {key}" : $"{_app}: {key} is '{actual}', expected '{value}'");
        }
        if (_lossBelowPercent is not null || _lossAbovePercent is not null)
        {
            if (result.LossPercent is not { } loss) wrong.Add($"{_app} measured no media loss figure");
            else if (loss >= _lossBelowPercent) wrong.Add($"{_app}: media loss is {Format(loss)} %, expected below {Format(_lossBelowPercent.Value)} %");
            else if (loss <= _lossAbovePercent) wrong.Add($"{_app}: media loss is {Format(loss)} %, expected above {Format(_lossAbovePercent.Value)} %");
            else seen.Add($"media loss {Format(loss)} %");
        }
        return wrong.Count == 0 ? CheckOutcome.Held(string.Join("; ", seen)) : CheckOutcome.Failed(string.Join("; ", wrong));
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
