namespace FaultLab.Control;

/// <summary>The body of every refused control request.</summary>
public sealed record ControlError(string Error);
