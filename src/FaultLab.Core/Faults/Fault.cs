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

    /// <summary>The longest delayed start a lab may ask for: a day of instance time.</summary>
    public const double MaxStartAfterSeconds = 86_400;

    /// <summary>
    /// Seconds of instance time after the lab starts before the fault switches itself on; 0 (the
    /// default) means on from the start. Models a condition that appears later, e.g. a security
    /// suite whose inspection starts after boot.
    /// </summary>
    [FaultParameter("seconds of instance time after the lab starts before the fault switches itself on (0: on from the start); 'fault on' or 'fault off' before then cancels the wait")]
    public double StartAfterSeconds { get; set; }

    /// <summary>Problems with the parameters every kind shares; each message names the parameter.</summary>
    public IEnumerable<string> ValidateCommon()
    {
        if (!double.IsFinite(StartAfterSeconds) || StartAfterSeconds < 0 || StartAfterSeconds > MaxStartAfterSeconds)
            yield return $"'startAfterSeconds' must be between 0 and {MaxStartAfterSeconds:0} seconds, got {StartAfterSeconds}";
    }

    /// <summary>Checks parameter values that types alone cannot (ranges, combinations); each message names the parameter.</summary>
    public virtual IEnumerable<string> Validate() => [];

    /// <summary>A one-line description for listings, e.g. "udp-drop on link edge (ports 443)".</summary>
    public virtual string Describe() => AttachedTo is null
        ? $"{Kind} on the {Target.ToString().ToLowerInvariant()}"
        : $"{Kind} on {Target.ToString().ToLowerInvariant()} {AttachedTo}";
}
