namespace FaultLab.Faults;

/// <summary>A fault of a running instance with its on/off switch (faults start on).</summary>
public sealed class FaultSwitch(Fault fault)
{
    private volatile bool _active = true;

    public Fault Fault { get; } = fault;

    public bool Active
    {
        get => _active;
        set => _active = value;
    }
}
