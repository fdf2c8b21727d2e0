using FaultLab.Grading;
using FaultLab.Verify;

namespace FaultLab.Tests.Grading;

/// <summary>Trainee results as an instance would export them, built by hand.</summary>
internal static class GradingSamples
{
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public static CheckResult Passed(string name, double points = 1) =>
        CheckResult.Pass(name, $"{name} holds", points) with { Elapsed = TimeSpan.FromMilliseconds(120) };

    public static CheckResult Failed(string name, double points = 1, string message = "tunnel is Down, expected established") =>
        CheckResult.Fail(name, message, points) with { Elapsed = TimeSpan.FromMilliseconds(80) };

    public static TraineeResult Result(string trainee, int hints, params CheckResult[] checks) => Result(trainee, hints, null, checks);

    public static TraineeResult Result(string trainee, int hints, TimeSpan? fixedAfter, params CheckResult[] checks) =>
        new(trainee, "tunnel-udp-blocked", $"class-a-{trainee}", Start, Start + fixedAfter, hints, VerifyAttempts: 3,
            new VerifyReport("tunnel-udp-blocked", $"class-a-{trainee}", checks, Start.AddMinutes(20)));
}
