using System.Net;

namespace FaultLab.Agent.Network;

/// <summary>A dynamic criterion: <paramref name="Host"/> must resolve to <paramref name="Ip"/> on the trusted network.</summary>
public sealed record HostnameIpCriterion(string Host, IPAddress Ip)
{
    public override string ToString() => $"{Host} -> {Ip}";
}
