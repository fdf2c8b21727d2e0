namespace FaultLab.Grading;

/// <summary>How results turn into grades; set once by the instructor for a class.</summary>
public sealed record GradingOptions
{
    /// <summary>Points taken off per hint used (default 1). A score never goes below 0.</summary>
    public double HintPenaltyPoints { get; init; } = 1;
}
