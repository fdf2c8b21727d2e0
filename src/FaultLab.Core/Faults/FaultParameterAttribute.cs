namespace FaultLab.Faults;

/// <summary>Marks a property of a fault kind as a parameter a lab file may set; the text documents units and meaning.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FaultParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
