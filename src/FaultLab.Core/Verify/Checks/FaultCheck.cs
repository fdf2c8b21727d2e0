using FaultLab.Faults;
using FaultLab.Labs;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Checks that an injected fault of the lab is still switched on (<c>expect: active</c>, the default:
/// the fix must work around a world condition, not remove it) or off (<c>expect: inactive</c>). Its
/// default name and messages do not name the fault kind, so running verify does not give the diagnosis away.
/// </summary>
[VerifyCheckKind("fault")]
public sealed class FaultCheck : VerifyCheck
{
    private readonly string _faultKind;
    private readonly bool _expectActive;
    private readonly string _owner;

    public FaultCheck(VerifyArguments arguments) : base(arguments, perLaptop: false)
    {
        var labKinds = arguments.Lab.Faults.Select(f => f.Kind).Distinct().ToArray();
        var kind = arguments.ValueText("a fault kind of this lab");
        if (!labKinds.Contains(kind))
            throw arguments.Error(labKinds.Length == 0
                ? $"the lab injects no faults, so there is no '{kind}' to check"
                : $"the lab has no fault '{kind}'{NameSuggester.Hint(kind, labKinds)}; its faults are {string.Join(", ", labKinds)}");
        _faultKind = kind;
        _expectActive = arguments.Take("expect") is not { } expect || arguments.OneOf(expect, "'expect'", ["active", "inactive"]) == "active";
        var owners = arguments.Lab.Faults.Where(f => f.Kind == kind).Select(f => f.Owner).Distinct().ToArray();
        _owner = owners is [FaultOwner.World] ? "world" : owners is [FaultOwner.Customer] ? "customer-side" : "injected";
    }

    protected override string DefaultName => _expectActive ? $"the {_owner} condition is still present" : $"the {_owner} condition is gone";

    protected override Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        var switches = context.Faults.Where(f => f.Fault.Kind == _faultKind).ToArray();
        if (switches.Length == 0)
            return Task.FromResult(CheckOutcome.Failed($"this instance does not carry the lab's {_owner} condition"));
        var active = switches.Count(s => s.Active);
        return Task.FromResult((_expectActive, active == switches.Length, active == 0) switch
        {
            (true, true, _) => CheckOutcome.Held($"the {_owner} condition is still in place"),
            (true, false, _) => CheckOutcome.Failed($"the {_owner} condition was taken away; the fix has to work while it is present"),
            (false, _, true) => CheckOutcome.Held($"the {_owner} condition is gone"),
            (false, _, false) => CheckOutcome.Failed($"the {_owner} condition is still in place"),
        });
    }
}
