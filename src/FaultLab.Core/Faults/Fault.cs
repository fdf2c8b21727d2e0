namespace FaultLab.Faults;

/// <summary>
/// One injected fault as a lab declares it. Each kind is a small class whose
/// <see cref="FaultParameterAttribute"/> properties are its parameters (units in the name).
/// </summary>
public abstract class Fault
{
    /// <summary>The catalog name of this kind, e.g. "udp-drop".</summary>
    public abstract string Kind { get; }

    /// <summary>What this kind attaches to.</summary>
    public abstract FaultTarget Target { get; }

    /// <summary>Whether the trainee may change it (customer) or not (world).</summary>
    public FaultOwner Owner { get; set; } = FaultOwner.World;

    /// <summary>The link or node it attaches to; null for device faults.</summary>
    public string? AttachedTo { get; set; }

    /// <summary>The node a node fault attaches to when the lab names none.</summary>
    public virtual string? DefaultNode => null;

    /// <summary>Seed of the fault's random source, where it has one; same seed, same decisions.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Checks parameter values that types alone cannot (ranges, combinations); each message names the parameter.</summary>
    public virtual IEnumerable<string> Validate() => [];

    /// <summary>A one-line description for listings, e.g. "udp-drop on link edge (ports 443)".</summary>
    public virtual string Describe() => AttachedTo is null
        ? $"{Kind} on the {Target.ToString().ToLowerInvariant()}"
        : $"{Kind} on {Target.ToString().ToLowerInvariant()} {AttachedTo}";
}
