namespace FaultLab.Grading;

/// <summary>One trainee's grade on one lab: partial credit per check, less the hint penalty, never below 0.</summary>
/// <param name="TraineeResult">The result that was graded.</param>
/// <param name="Earned">Points of the checks that passed.</param>
/// <param name="HintPenalty">Points actually taken off for hints (at most <paramref name="Earned"/>).</param>
/// <param name="MaxScore">Points available.</param>
public sealed record TraineeGrade(TraineeResult TraineeResult, double Earned, double HintPenalty, double MaxScore)
{
    /// <summary>Earned less the hint penalty; never below 0.</summary>
    public double Score => Earned - HintPenalty;

    /// <summary>Score as a percentage of <see cref="MaxScore"/> (0 when the lab has no points).</summary>
    public double Percent => MaxScore > 0 ? Score / MaxScore * 100 : 0;

    /// <summary>Every check of the latest verify passed.</summary>
    public bool Passed => TraineeResult.Verify.Passed;

    /// <summary>From instance start to the first passing verify; null when verify never passed.</summary>
    public TimeSpan? TimeToFix => TraineeResult.FirstPassedAt - TraineeResult.StartedAt;
}
