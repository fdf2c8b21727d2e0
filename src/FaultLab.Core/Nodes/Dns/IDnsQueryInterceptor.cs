namespace FaultLab.Nodes.Dns;

/// <summary>
/// Looks at a query before the DNS node answers it and may answer instead (NXDOMAIN, SERVFAIL, a
/// wrong address) or drop it. DNS faults plug in here; the node asks its interceptors in order and
/// the first one that does not pass decides.
/// </summary>
public interface IDnsQueryInterceptor
{
    ValueTask<DnsInterception> InterceptAsync(DnsQuery query, CancellationToken cancellationToken);
}
