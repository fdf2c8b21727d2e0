using FaultLab.Faults;

namespace FaultLab.Control;

/// <summary>A fault as the instructor sees it: its switch, what it did and its last events.</summary>
public sealed record FaultReport(string Kind, string Owner, string? AttachedTo, bool Active, string Description,
    IReadOnlyDictionary<string, long> Counts, IReadOnlyList<FaultEvent> RecentEvents)
{
    private const int EventsShown = 20;

    public static FaultReport Of(FaultSwitch s) => new(
        s.Fault.Kind, s.Fault.Owner.ToString().ToLowerInvariant(), s.Fault.AttachedTo, s.Active, s.Describe(),
        new SortedDictionary<string, long>(s.Counts.ToDictionary()), s.RecentEvents.TakeLast(EventsShown).ToArray());
}
