namespace FaultLab.Agent.Posture;

/// <summary>The posture profile's outcome: every check, and whether the device satisfies the profile.</summary>
public sealed record PostureResult(IReadOnlyList<PostureCheck> Checks)
{
    public bool Satisfied => Checks.All(c => c.Passed);

    public IEnumerable<PostureCheck> Failures => Checks.Where(c => !c.Passed);

    /// <summary>One line for the agent log and the private-access status, naming what is wrong.</summary>
    public string Summary => Satisfied
        ? "posture satisfied"
        : "posture not satisfied: " + string.Join("; ", Failures.Select(c => c.Reason));

    public override string ToString() => Summary;
}
