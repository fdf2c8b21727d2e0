using System.Net;
using System.Text.Json.Nodes;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Resolves a name through the lab DNS as the laptop sees it: <c>dns: hr.corp.lab</c> passes when it
/// resolves; <c>expect: nxdomain</c> when the name must not exist; <c>expect: 127.0.0.5</c> (or a list)
/// when it must resolve to exactly those addresses.
/// </summary>
[VerifyCheckKind("dns")]
public sealed class DnsCheck : VerifyCheck
{
    private readonly string _name;
    private readonly bool _expectNxDomain;
    private readonly IReadOnlyList<IPAddress> _expectAddresses;

    public DnsCheck(VerifyArguments arguments) : base(arguments, perLaptop: true)
    {
        _name = arguments.ValueText("a DNS name").TrimEnd('.');
        if (_name.Length == 0 || _name.Contains(' ')) throw arguments.Error($"'{_name}' is not a DNS name");
        var addresses = new List<IPAddress>();
        switch (arguments.Take("expect"))
        {
            case null:
                break;
            case JsonArray list:
                addresses.AddRange(list.Select((item, i) => Address(arguments, item, $"'expect'[{i}]")));
                if (addresses.Count == 0) throw arguments.Error("'expect' lists no address");
                break;
            case var one when VerifyArguments.ScalarText(one) is { } text && text.Equals("nxdomain", StringComparison.OrdinalIgnoreCase):
                _expectNxDomain = true;
                break;
            case var one when VerifyArguments.ScalarText(one) is "resolves":
                break;
            case var one:
                addresses.Add(Address(arguments, one, "'expect'"));
                break;
        }
        _expectAddresses = addresses;
    }

    protected override string DefaultName => _expectNxDomain ? $"dns {_name} does not exist"
        : _expectAddresses.Count > 0 ? $"dns {_name} -> {string.Join(", ", _expectAddresses)}"
        : $"dns {_name} resolves";

    protected override async Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        var lookup = await context.ResolveAsync(_name, cancellationToken);
        var answered = lookup.Outcome == DnsLookupOutcome.Resolved ? string.Join(", ", lookup.Addresses.Select(a => a.ToString())) : Describe(lookup.Outcome);
        if (_expectNxDomain)
            return lookup.Outcome == DnsLookupOutcome.NxDomain
                ? CheckOutcome.Held($"{_name} does not exist (NXDOMAIN)")
                : CheckOutcome.Failed($"{_name} should not exist, but the lab DNS answers {answered}");
        if (lookup.Outcome != DnsLookupOutcome.Resolved)
            return CheckOutcome.Failed($"{_name} does not resolve: {answered}");
        if (_expectAddresses.Count > 0 && !SameSet(lookup.Addresses, _expectAddresses))
            return CheckOutcome.Failed($"{_name} resolves to {answered}, expected {string.Join(", ", _expectAddresses)}");
        return CheckOutcome.Held($"{_name} resolves to {answered}");
    }

    private static bool SameSet(IReadOnlyList<IPAddress> a, IReadOnlyList<IPAddress> b) =>
        a.Select(x => x.ToString()).ToHashSet().SetEquals(b.Select(x => x.ToString()));

    private static string Describe(DnsLookupOutcome outcome) => outcome switch
    {
        DnsLookupOutcome.NxDomain => "NXDOMAIN (no such name)",
        DnsLookupOutcome.NoData => "no address for the name",
        DnsLookupOutcome.ServerFailure => "SERVFAIL (the server failed)",
        DnsLookupOutcome.Timeout => "no answer in time",
        _ => outcome.ToString(),
    };

    private static IPAddress Address(VerifyArguments arguments, JsonNode? node, string what)
    {
        var text = node is null ? throw arguments.Error($"{what} needs a value") : arguments.Text(node, what);
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw arguments.Error($"{what} must be nxdomain, resolves, or an IP address, got '{text}'");
    }
}
