namespace FaultLab.Faults;

/// <summary>The links from the laptop to each node of the standard topology; faults attach to these names.</summary>
public static class LabLinks
{
    public static IReadOnlyList<string> All { get; } = ["edge", "idp", "internet", "portal", "dns", "private", "update"];
}
