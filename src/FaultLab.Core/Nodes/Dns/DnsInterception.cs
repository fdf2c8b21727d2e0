using System.Net;

namespace FaultLab.Nodes.Dns;

/// <summary>The outcome of one <see cref="IDnsQueryInterceptor"/> for one query.</summary>
public sealed record DnsInterception
{
    private DnsInterception(DnsInterceptionAction action, IPAddress? address)
    {
        Action = action;
        Address = address;
    }

    public DnsInterceptionAction Action { get; }

    /// <summary>The address to answer with; set only for <see cref="DnsInterceptionAction.WrongAddress"/>.</summary>
    public IPAddress? Address { get; }

    public static DnsInterception Pass { get; } = new(DnsInterceptionAction.Pass, null);
    public static DnsInterception NxDomain { get; } = new(DnsInterceptionAction.NxDomain, null);
    public static DnsInterception ServFail { get; } = new(DnsInterceptionAction.ServFail, null);
    public static DnsInterception Drop { get; } = new(DnsInterceptionAction.Drop, null);

    /// <summary>Answer A queries with <paramref name="address"/> (an IPv4 address) instead of the real one.</summary>
    public static DnsInterception WrongAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new ArgumentException($"an A record needs an IPv4 address, got {address}", nameof(address));
        return new DnsInterception(DnsInterceptionAction.WrongAddress, address);
    }
}
