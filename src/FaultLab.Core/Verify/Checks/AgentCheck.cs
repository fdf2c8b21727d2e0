using System.Globalization;
using FaultLab.Labs;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Compares the agent's status with the lab's expectation, e.g.
/// <c>agent: { authentication: Authenticated, tunnel: established }</c>. <c>below</c> / <c>above</c>
/// bound the edge round-trip time in milliseconds; <c>deviceId: unique</c> asks that no other laptop
/// of the instance shares this laptop's device id.
/// </summary>
[VerifyCheckKind("agent")]
public sealed class AgentCheck : VerifyCheck
{
    /// <summary>The <c>deviceId</c> value that asks for an identity no other laptop shares.</summary>
    public const string UniqueDeviceId = "unique";

    private readonly IReadOnlyList<(AgentField Field, string Expected)> _expected;
    private readonly double? _rttBelowMs;
    private readonly double? _rttAboveMs;

    public AgentCheck(VerifyArguments arguments) : base(arguments, perLaptop: true)
    {
        var expected = new List<(AgentField, string)>();
        foreach (var (key, value) in arguments.ValueMapping("status fields and their expected values"))
        {
            var field = AgentField.All.FirstOrDefault(f => f.Key == key)
                ?? throw arguments.Error($"unknown agent field '{key}'{NameSuggester.Hint(key, AgentField.All.Select(f => f.Key))}; fields are {string.Join(", ", AgentField.All.Select(f => f.Key))}");
            var text = value is null ? throw arguments.Error($"agent field '{key}' needs a value") : arguments.Text(value, $"agent field '{key}'");
            expected.Add((field, field.Allowed is null ? text : arguments.OneOf(value, $"agent field '{key}'", field.Allowed)));
        }
        _rttBelowMs = arguments.TakeNumber("below", minimum: 0);
        _rttAboveMs = arguments.TakeNumber("above", minimum: 0);
        if (expected.Count == 0 && _rttBelowMs is null && _rttAboveMs is null)
            throw arguments.Error("name at least one status field to compare (or an edge round-trip bound with below/above)");
        _expected = expected;
    }

    protected override string DefaultName
    {
        get
        {
            var parts = _expected.Select(e => $"{e.Field.Key}={e.Expected}").ToList();
            if (_rttBelowMs is { } below) parts.Add($"edgeRttMs<{Format(below)}");
            if (_rttAboveMs is { } above) parts.Add($"edgeRttMs>{Format(above)}");
            return $"agent {string.Join(", ", parts)}";
        }
    }

    protected override async Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        if (context.Agent is not { } agent) return CheckOutcome.Failed($"no agent is running on {context.Laptop}");
        var status = await agent.GetStatusAsync(cancellationToken);

        var wrong = new List<string>();
        var seen = new List<string>();
        foreach (var (field, expected) in _expected)
        {
            var actual = field.Read(status);
            var shown = actual.Length == 0 ? "(none)" : actual;
            if (field.Key == "deviceId" && expected == UniqueDeviceId)
            {
                var sharedWith = await LaptopsSharingAsync(context, status.DeviceId, cancellationToken);
                if (status.DeviceId.Length == 0) wrong.Add("the device has no device id");
                else if (sharedWith.Count > 0) wrong.Add($"device id {status.DeviceId} is also used by {string.Join(", ", sharedWith)}");
                else seen.Add($"device id {status.DeviceId} is its own");
            }
            else if (field.Matches(actual, expected)) seen.Add($"{field.Label} {shown}");
            else wrong.Add($"{field.Label} is {shown}, expected {field.Describe(expected)}");
        }

        if (_rttBelowMs is not null || _rttAboveMs is not null)
        {
            if (status.EdgeRttMs is not { } rtt) wrong.Add("the edge round-trip time is not measured");
            else if (rtt >= _rttBelowMs) wrong.Add($"edge round-trip time is {Format(rtt)} ms, expected below {Format(_rttBelowMs.Value)} ms");
            else if (rtt <= _rttAboveMs) wrong.Add($"edge round-trip time is {Format(rtt)} ms, expected above {Format(_rttAboveMs.Value)} ms");
            else seen.Add($"edge round-trip time {Format(rtt)} ms");
        }

        return wrong.Count == 0 ? CheckOutcome.Held(string.Join("; ", seen)) : CheckOutcome.Failed(string.Join("; ", wrong));
    }

    private static async Task<IReadOnlyList<string>> LaptopsSharingAsync(IVerifyContext context, string deviceId, CancellationToken cancellationToken)
    {
        var sharing = new List<string>();
        foreach (var other in context.Laptops.Where(l => l != context.Laptop))
        {
            if (context.ForLaptop(other) is not { } laptop) continue;
            // A laptop without a simulated agent still carries its enrollment cache on the device.
            var theirs = laptop.Agent is { } agent
                ? (await agent.GetStatusAsync(cancellationToken)).DeviceId
                : laptop.Device.Get("deviceId")?.GetValue<string>() ?? "";
            if (theirs.Equals(deviceId, StringComparison.OrdinalIgnoreCase)) sharing.Add(other);
        }
        return sharing;
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
