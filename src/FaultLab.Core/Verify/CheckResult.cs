namespace FaultLab.Verify;

/// <summary>
/// The outcome of one verify check. A failure's message says what is still wrong, never how to fix it.
/// </summary>
/// <param name="Name">The check as the trainee sees it, e.g. "app ipcheck connected".</param>
/// <param name="Passed">Whether the check held.</param>
/// <param name="Message">What was observed: the confirmed state, or what is still wrong.</param>
/// <param name="Points">Points earned: <paramref name="MaxPoints"/> when passed, else 0.</param>
/// <param name="MaxPoints">Points the check is worth.</param>
public sealed record CheckResult(string Name, bool Passed, string Message, double Points, double MaxPoints)
{
    /// <summary>How long the check took.</summary>
    public TimeSpan Elapsed { get; init; }

    public static CheckResult Pass(string name, string message, double maxPoints) => new(name, true, message, maxPoints, maxPoints);

    public static CheckResult Fail(string name, string message, double maxPoints) => new(name, false, message, 0, maxPoints);
}
