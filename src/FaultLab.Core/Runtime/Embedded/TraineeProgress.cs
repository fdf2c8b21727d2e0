using FaultLab.Verify;

namespace FaultLab.Runtime.Embedded;

/// <summary>What grading needs to know about a trainee's session: hints taken, verify attempts, the first pass.</summary>
public sealed class TraineeProgress(DateTimeOffset startedAt)
{
    private readonly Lock _gate = new();

    public DateTimeOffset StartedAt { get; } = startedAt;
    public int HintsUsed { get; private set; }
    public int VerifyAttempts { get; private set; }
    public DateTimeOffset? FirstPassedAt { get; private set; }
    public VerifyReport? LastReport { get; private set; }

    /// <summary>Takes the next hint index, or null when every hint was given.</summary>
    public int? TakeHint(int available)
    {
        lock (_gate)
        {
            if (HintsUsed >= available) return null;
            return HintsUsed++;
        }
    }

    public void Recorded(VerifyReport report)
    {
        lock (_gate)
        {
            VerifyAttempts++;
            LastReport = report;
            if (report.Passed && FirstPassedAt is null) FirstPassedAt = report.At;
        }
    }
}
