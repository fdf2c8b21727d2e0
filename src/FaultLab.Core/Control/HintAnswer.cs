namespace FaultLab.Control;

/// <summary>The hint given now (null once all were given), its number and how many the lab has.</summary>
public sealed record HintAnswer(int Number, int Of, string? Hint);
