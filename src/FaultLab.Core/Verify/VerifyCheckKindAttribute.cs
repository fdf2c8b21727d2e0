namespace FaultLab.Verify;

/// <summary>Names the lab-file key of a check class, e.g. <c>[VerifyCheckKind("agent")]</c>; the registry finds checks by it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class VerifyCheckKindAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}
