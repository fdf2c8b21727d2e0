using System.Text.Json.Nodes;

namespace FaultLab.Labs;

/// <summary>One entry of a lab's <c>verify:</c> list, as written: the check kind and its arguments.</summary>
/// <param name="Kind">The check kind, e.g. "agent", "app", "fault".</param>
/// <param name="Arguments">The whole entry as JSON (the kind's value under its own key, plus modifiers such as expect/points).</param>
/// <param name="Line">Line of the entry in its file, for messages.</param>
public sealed record VerifySpec(string Kind, JsonObject Arguments, int Line)
{
    /// <summary>Check kinds a lab may use.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["agent", "app", "fault", "dns", "probe", "policy", "device", "stable", "bundle"];

    /// <summary>Keys that modify a check rather than name one.</summary>
    public static IReadOnlyList<string> Modifiers { get; } = ["expect", "points", "name", "polls", "below", "above", "host", "within", "laptop"];
}
