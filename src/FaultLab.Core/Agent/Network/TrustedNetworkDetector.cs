using System.Net;

namespace FaultLab.Agent.Network;

/// <summary>
/// Decides whether the laptop is on a trusted network from the policy's criteria and the network's
/// facts. Hostname criteria resolve through the laptop's resolver; a lookup that fails or times out
/// counts as not matched, so DNS trouble flips the verdict to OffTrusted (the guide's scenario 8).
/// </summary>
public sealed class TrustedNetworkDetector
{
    /// <summary>How long one hostname criterion may wait for its lookup.</summary>
    public static readonly TimeSpan DefaultResolveTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _resolveTimeout;

    public TrustedNetworkDetector(TimeSpan? resolveTimeout = null)
    {
        _resolveTimeout = resolveTimeout ?? DefaultResolveTimeout;
        if (_resolveTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(resolveTimeout), _resolveTimeout, "the resolve timeout must be positive");
    }

    public async Task<TrustedNetworkVerdict> DetectAsync(
        TrustedNetworkCriteria criteria, NetworkFacts facts, HostResolver resolver, CancellationToken cancellationToken)
    {
        if (criteria.IsEmpty)
            return new TrustedNetworkVerdict(NetworkState.OffTrusted, criteria.Match, [], "OffTrusted: no trusted-network criteria configured");

        var outcomes = new List<CriterionOutcome>();
        if (criteria.DnsServers.Count > 0) outcomes.Add(DnsServerOutcome(criteria.DnsServers, facts.DnsServers));
        if (criteria.DnsSearchDomains.Count > 0) outcomes.Add(SearchDomainOutcome(criteria.DnsSearchDomains, facts.SearchDomains));
        // Lookups run side by side so one slow name does not delay the others' verdict.
        outcomes.AddRange(await Task.WhenAll(criteria.HostnameIp.Select(c => HostnameOutcomeAsync(c, resolver, cancellationToken))).ConfigureAwait(false));

        var matched = outcomes.Count(o => o.Matched);
        var trusted = criteria.Match == CriteriaMatch.Any ? matched > 0 : matched == outcomes.Count;
        var state = !trusted ? NetworkState.OffTrusted : facts.VpnActive ? NetworkState.VpnTrusted : NetworkState.OnTrusted;
        var summary = $"{state}: match {criteria.Match.ToString().ToLowerInvariant()}, {matched} of {outcomes.Count} criteria matched; "
            + string.Join("; ", outcomes);
        return new TrustedNetworkVerdict(state, criteria.Match, outcomes, summary);
    }

    private static CriterionOutcome DnsServerOutcome(IReadOnlyList<IPAddress> wanted, IReadOnlyList<IPAddress> inUse)
    {
        var hit = inUse.FirstOrDefault(wanted.Contains);
        return hit is not null
            ? new CriterionOutcome("dns server", true, $"DNS server {hit} in use is trusted")
            : new CriterionOutcome("dns server", false, $"DNS servers in use ({List(inUse)}) are not among {List(wanted)}");
    }

    private static CriterionOutcome SearchDomainOutcome(IReadOnlyList<string> wanted, IReadOnlyList<string> configured)
    {
        var trusted = wanted.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var hit = configured.Select(Normalize).FirstOrDefault(trusted.Contains);
        return hit is not null
            ? new CriterionOutcome("search domain", true, $"search domain {hit} is trusted")
            : new CriterionOutcome("search domain", false, $"search domains ({List(configured)}) are not among {List(wanted)}");
    }

    private async Task<CriterionOutcome> HostnameOutcomeAsync(HostnameIpCriterion criterion, HostResolver resolver, CancellationToken cancellationToken)
    {
        var name = $"hostname {criterion.Host}";
        var resolution = await HostLookup.ResolveAsync(resolver, criterion.Host, _resolveTimeout, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
            return new CriterionOutcome(name, false, $"{criterion.Host}: {resolution.Failure}");
        if (resolution.Addresses.Contains(criterion.Ip))
            return new CriterionOutcome(name, true, $"{criterion.Host} resolved to {criterion.Ip}");
        return new CriterionOutcome(name, false, resolution.Addresses.Count == 0
            ? $"{criterion.Host} has no address, expected {criterion.Ip}"
            : $"{criterion.Host} resolved to {List(resolution.Addresses)}, expected {criterion.Ip}");
    }

    private static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    private static string List<T>(IReadOnlyList<T> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
