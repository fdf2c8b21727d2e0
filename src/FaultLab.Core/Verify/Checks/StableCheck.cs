namespace FaultLab.Verify.Checks;

/// <summary>
/// Repeats another check and passes only if it holds <c>polls</c> times in a row (default 3), a short
/// named pause apart (<see cref="VerifyOptions.StablePollInterval"/>), e.g.
/// <c>stable: { agent: { network: OnTrusted } }</c> with <c>polls: 5</c>. It stops at the first poll that fails,
/// so a state that flaps fails fast and says after how many polls it broke.
/// </summary>
[VerifyCheckKind("stable")]
public sealed class StableCheck : VerifyCheck
{
    /// <summary>Polls when the entry gives none.</summary>
    public const int DefaultPolls = 3;

    private const int MaximumPolls = 60;
    private readonly VerifyCheck _inner;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;

    public StableCheck(VerifyArguments arguments) : base(arguments, perLaptop: true)
    {
        var entry = arguments.ValueMapping("the check to repeat, e.g. { agent: { network: OnTrusted } }");
        if (entry.ContainsKey("stable")) throw arguments.Error("a stable check cannot repeat another stable check");
        if (entry.ContainsKey("points")) throw arguments.Error("'points' belongs on the stable entry, not on the check it repeats");
        if (entry.ContainsKey("polls")) throw arguments.Error("'polls' belongs on the stable entry, not on the check it repeats");
        _inner = arguments.BuildNested(entry, "the check a stable entry repeats");
        Polls = arguments.TakeInt("polls", 2, MaximumPolls) ?? DefaultPolls;
        _interval = arguments.Options.StablePollInterval;
        _clock = arguments.Options.Clock;
    }

    /// <summary>How many consecutive passes are required.</summary>
    public int Polls { get; }

    protected override string DefaultName => $"stable over {Polls} polls: {_inner.Name}";

    /// <summary>Every poll may take one observation's time, plus the pauses between polls.</summary>
    public override TimeSpan TimeLimit(TimeSpan perObservation) => perObservation * Polls + _interval * (Polls - 1);

    protected override async Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        CheckResult? last = null;
        for (var poll = 1; poll <= Polls; poll++)
        {
            if (poll > 1) await Task.Delay(_interval, _clock, cancellationToken);
            last = await _inner.EvaluateAsync(context, cancellationToken);
            if (!last.Passed)
                return CheckOutcome.Failed(poll == 1
                    ? last.Message
                    : $"held for {poll - 1} of {Polls} polls, then: {last.Message}");
        }
        return CheckOutcome.Held($"held for {Polls} polls in a row: {last!.Message}");
    }
}
