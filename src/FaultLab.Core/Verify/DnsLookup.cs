using System.Net;

namespace FaultLab.Verify;

/// <summary>The answer the lab DNS gave for one name.</summary>
/// <param name="Name">The name asked for.</param>
/// <param name="Outcome">How the lookup ended.</param>
/// <param name="Addresses">The addresses when <see cref="DnsLookupOutcome.Resolved"/>, else empty.</param>
public sealed record DnsLookup(string Name, DnsLookupOutcome Outcome, IReadOnlyList<IPAddress> Addresses)
{
    public static DnsLookup Resolved(string name, params IPAddress[] addresses) => new(name, DnsLookupOutcome.Resolved, addresses);

    public static DnsLookup Failed(string name, DnsLookupOutcome outcome) => new(name, outcome, []);
}
