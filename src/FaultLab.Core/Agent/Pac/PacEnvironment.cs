using System.Net;
using FaultLab.Agent.Network;

namespace FaultLab.Agent.Pac;

/// <summary>The laptop as a PAC script sees it: its resolver, its address, its clock and time zone.</summary>
/// <param name="Resolver">Resolves names for dnsResolve, isInNet and isResolvable; failures make them answer null/false.</param>
/// <param name="MyIpAddress">What myIpAddress() returns.</param>
public sealed record PacEnvironment(HostResolver Resolver, IPAddress MyIpAddress)
{
    /// <summary>The device clock for weekdayRange, dateRange, timeRange and <c>new Date()</c>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The laptop's time zone: the range functions use it unless called with "GMT".</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}
