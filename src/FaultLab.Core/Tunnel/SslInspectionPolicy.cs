using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>
/// The SSL-inspection part of the admin portal's policy, read once per connection:
/// <c>sslInspection.enabled</c> and the <c>sslInspection.bypass</c> host patterns.
/// A pattern that does not parse is left out and named in <see cref="Problems"/>.
/// </summary>
public sealed class SslInspectionPolicy
{
    /// <summary>Inspection off: what a policy without an sslInspection section means.</summary>
    public static readonly SslInspectionPolicy Disabled = new(false, [], []);

    private SslInspectionPolicy(bool enabled, IReadOnlyList<HostPattern> bypass, IReadOnlyList<string> problems)
    {
        Enabled = enabled;
        Bypass = bypass;
        Problems = problems;
    }

    public bool Enabled { get; }

    /// <summary>Hosts whose TLS the edge never opens.</summary>
    public IReadOnlyList<HostPattern> Bypass { get; }

    /// <summary>What was wrong with the section, each naming the key; empty when it read cleanly.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads the sslInspection section of <paramref name="policy"/>.</summary>
    public static SslInspectionPolicy From(JsonObject policy)
    {
        if (policy["sslInspection"] is not JsonObject section) return Disabled;
        var problems = new List<string>();
        var enabled = false;
        if (section["enabled"] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            enabled = flag.GetValue<bool>();
        else if (section["enabled"] is not null)
            problems.Add($"sslInspection.enabled: '{section["enabled"]!.ToJsonString()}' is not true or false; inspection stays off");
        if (!enabled) return problems.Count == 0 ? Disabled : new SslInspectionPolicy(false, [], problems);

        var bypass = new List<HostPattern>();
        if (section["bypass"] is JsonArray list)
        {
            foreach (var item in list)
            {
                if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    problems.Add($"sslInspection.bypass: {item?.ToJsonString() ?? "null"} is not a host pattern");
                else if (HostPattern.TryParse(value.GetValue<string>(), out var pattern, out var error))
                    bypass.Add(pattern);
                else
                    problems.Add($"sslInspection.bypass: {error}");
            }
        }
        else if (section["bypass"] is not null)
        {
            problems.Add("sslInspection.bypass: is not a list of host patterns");
        }
        return new SslInspectionPolicy(true, bypass, problems);
    }

    /// <summary>True when the edge opens the TLS of a connection to <paramref name="host"/>.</summary>
    public bool Inspects(string host)
    {
        if (!Enabled) return false;
        foreach (var pattern in Bypass)
            if (pattern.Matches(host)) return false;
        return true;
    }
}
