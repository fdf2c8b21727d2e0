using FaultLab.Verify;

namespace FaultLab.Grading;

/// <summary>
/// What one trainee achieved on one lab instance, as the instance exports it for grading (signed, see
/// <see cref="ResultFileSigner"/>).
/// </summary>
/// <param name="Trainee">Who worked on the instance (the instance name when the class does not name trainees).</param>
/// <param name="Lab">Lab id.</param>
/// <param name="Instance">Instance name.</param>
/// <param name="StartedAt">When the instance came up: the clock for time to fix starts here.</param>
/// <param name="FirstPassedAt">When a verify first passed, or null if none has.</param>
/// <param name="HintsUsed">How many hints the trainee asked for.</param>
/// <param name="VerifyAttempts">How many times verify ran.</param>
/// <param name="Verify">The latest verify run; its checks are what is graded.</param>
public sealed record TraineeResult(
    string Trainee,
    string Lab,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset? FirstPassedAt,
    int HintsUsed,
    int VerifyAttempts,
    VerifyReport Verify);
