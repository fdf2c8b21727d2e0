using System.Net;

namespace FaultLab.Agent.Network;

/// <summary>The outcome of resolving one host name through the laptop's resolver: addresses, or why there are none.</summary>
public sealed record HostResolution
{
    private HostResolution(string host, IReadOnlyList<IPAddress> addresses, string? failure)
    {
        Host = host;
        Addresses = addresses;
        Failure = failure;
    }

    public string Host { get; }

    /// <summary>The answer's addresses; empty when the lookup failed or the name has no address.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>Why the lookup failed (e.g. "NXDOMAIN", "no answer within 2000 ms"); null when it answered.</summary>
    public string? Failure { get; }

    public bool Succeeded => Failure is null;

    /// <summary>The first IPv4 address, as PAC's dnsResolve returns it; null when there is none.</summary>
    public IPAddress? FirstIPv4 => Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

    public static HostResolution Resolved(string host, IReadOnlyList<IPAddress> addresses) => new(host, addresses, null);

    public static HostResolution Failed(string host, string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("a failed lookup needs a reason", nameof(reason)) : new(host, [], reason);

    public override string ToString() =>
        Succeeded ? $"{Host} -> {(Addresses.Count == 0 ? "no address" : string.Join(", ", Addresses))}" : $"{Host}: {Failure}";
}
