namespace FaultLab.Verify;

/// <summary>The outcome of one run of a lab's verify step on one instance.</summary>
/// <param name="Lab">Lab id.</param>
/// <param name="Instance">Instance name.</param>
/// <param name="Checks">Every check's result, in the lab file's order.</param>
/// <param name="At">When the run finished.</param>
public sealed record VerifyReport(string Lab, string Instance, IReadOnlyList<CheckResult> Checks, DateTimeOffset At)
{
    /// <summary>True when every check passed (and there was at least one).</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>Points earned.</summary>
    public double Score => Checks.Sum(c => c.Points);

    /// <summary>Points available.</summary>
    public double MaxScore => Checks.Sum(c => c.MaxPoints);
}
