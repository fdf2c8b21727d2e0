using System.Diagnostics;
using System.Reflection;

namespace FaultLab.Verify;

/// <summary>
/// One check of a lab's verify step, built from its lab-file entry and evaluated against a running
/// instance. Subclasses read and validate their arguments in the constructor and observe the world in
/// <see cref="ObserveAsync"/>; naming, points and the laptop modifier are handled here once.
/// </summary>
public abstract class VerifyCheck
{
    private readonly string? _customName;

    /// <param name="arguments">The entry; the common modifiers <c>name</c> and <c>points</c> are read here.</param>
    /// <param name="perLaptop">Whether the check observes one laptop, so the <c>laptop</c> modifier applies.</param>
    protected VerifyCheck(VerifyArguments arguments, bool perLaptop)
    {
        _customName = arguments.TakeString("name");
        MaxPoints = arguments.TakeNumber("points", minimum: 0) ?? 1;
        Laptop = perLaptop ? arguments.TakeString("laptop") : null;
        Line = arguments.Spec.Line;
        Kind = GetType().GetCustomAttribute<VerifyCheckKindAttribute>()?.Kind ?? arguments.Kind;
    }

    /// <summary>The lab-file key of this check, e.g. "agent".</summary>
    public string Kind { get; }

    /// <summary>The name the trainee sees: the entry's <c>name</c>, else a description that never includes the fix.</summary>
    public string Name => _customName ?? DefaultName;

    /// <summary>Points the check is worth (the entry's <c>points</c>, default 1).</summary>
    public double MaxPoints { get; }

    /// <summary>The laptop the check observes; null for the instance's default laptop.</summary>
    public string? Laptop { get; }

    /// <summary>Line of the entry in its lab file.</summary>
    public int Line { get; }

    /// <summary>A short description of what is checked, used when the entry has no <c>name</c>.</summary>
    protected abstract string DefaultName { get; }

    /// <summary>How long the runner lets this check take, given the time one observation may take.</summary>
    public virtual TimeSpan TimeLimit(TimeSpan perObservation) => perObservation;

    /// <summary>Observes the instance once (or as often as the check needs) and scores the result.</summary>
    public async Task<CheckResult> EvaluateAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await ObserveOnLaptopAsync(context, cancellationToken);
        var result = outcome.Passed ? CheckResult.Pass(Name, outcome.Message, MaxPoints) : CheckResult.Fail(Name, outcome.Message, MaxPoints);
        return result with { Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    private Task<CheckOutcome> ObserveOnLaptopAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        if (Laptop is null) return ObserveAsync(context, cancellationToken);
        return context.ForLaptop(Laptop) is { } laptop
            ? ObserveAsync(laptop, cancellationToken)
            : Task.FromResult(CheckOutcome.Failed($"this instance has no laptop '{Laptop}' (laptops: {string.Join(", ", context.Laptops)})"));
    }

    /// <summary>Looks at the instance and says whether the expected state holds, and what was seen.</summary>
    protected abstract Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken);
}
