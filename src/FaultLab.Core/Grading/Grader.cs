namespace FaultLab.Grading;

/// <summary>Turns trainee results into grades: each passed check earns its points, each hint used costs the configured penalty.</summary>
public sealed class Grader
{
    private readonly GradingOptions _options;

    public Grader(GradingOptions? options = null)
    {
        _options = options ?? new GradingOptions();
        if (!(_options.HintPenaltyPoints >= 0) || double.IsInfinity(_options.HintPenaltyPoints))
            throw new ArgumentOutOfRangeException(nameof(options), _options.HintPenaltyPoints, "the hint penalty must be 0 or more points");
    }

    public TraineeGrade Grade(TraineeResult result)
    {
        var earned = result.Verify.Checks.Sum(c => c.Passed ? c.MaxPoints : 0);
        var penalty = Math.Min(earned, Math.Max(0, result.HintsUsed) * _options.HintPenaltyPoints);
        return new TraineeGrade(result, earned, penalty, result.Verify.Checks.Sum(c => c.MaxPoints));
    }

    public GradeReport Grade(IEnumerable<TraineeResult> results, DateTimeOffset at) =>
        new(at, _options, results.Select(Grade).ToArray());
}
