namespace FaultLab.Faults.Kinds;

/// <summary>The one check of a fault's port list, shared by every kind that takes one.</summary>
internal static class PortList
{
    public static IEnumerable<string> Problems(IReadOnlyList<int> ports, string key = "ports")
    {
        if (ports.Count == 0) yield return $"'{key}' must name at least one port";
        foreach (var p in ports.Where(p => p is < 1 or > 65535)) yield return $"'{key}' has {p}, outside 1-65535";
    }
}
