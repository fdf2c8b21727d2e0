namespace FaultLab.Grading;

/// <summary>The grades of a class: one per trainee result, in the order they were given.</summary>
/// <param name="At">When the grades were computed.</param>
/// <param name="Options">The grading rules applied.</param>
/// <param name="Grades">One grade per result.</param>
public sealed record GradeReport(DateTimeOffset At, GradingOptions Options, IReadOnlyList<TraineeGrade> Grades)
{
    /// <summary>How many trainees passed every check.</summary>
    public int PassedCount => Grades.Count(g => g.Passed);

    /// <summary>Mean percentage over all grades (0 for an empty class).</summary>
    public double AveragePercent => Grades.Count > 0 ? Grades.Average(g => g.Percent) : 0;
}
