namespace FaultLab.Faults;

/// <summary>
/// The faults attached to one link (or node), as a middlebox sees them: it asks for the active
/// ones that implement the behaviour it applies (datagram, connection, HTTP...).
/// </summary>
public sealed class LinkFaults(string name, IReadOnlyList<FaultSwitch> faults)
{
    /// <summary>A link with no faults.</summary>
    public static LinkFaults None(string name) => new(name, []);

    public string Name { get; } = name;

    public IReadOnlyList<FaultSwitch> All { get; } = faults;

    /// <summary>Active faults whose kind implements <typeparamref name="T"/>, in lab-file order.</summary>
    public IEnumerable<(T Behaviour, FaultSwitch Switch)> Active<T>() where T : class
    {
        foreach (var s in All)
            if (s.Active && s.Fault is T behaviour)
                yield return (behaviour, s);
    }
}
