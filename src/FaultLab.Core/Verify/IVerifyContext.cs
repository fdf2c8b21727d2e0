using FaultLab.Faults;
using FaultLab.Settings;

namespace FaultLab.Verify;

/// <summary>
/// What a verify check may look at in a running lab instance: the portal policy, the laptop's device
/// state, the fault switches, the lab DNS and the agent. The runtime implements it once per instance
/// (and once per laptop when a lab has several).
/// </summary>
public interface IVerifyContext
{
    /// <summary>The admin portal's policy of the instance.</summary>
    SettingsDocument Policy { get; }

    /// <summary>This laptop's device state.</summary>
    SettingsDocument Device { get; }

    /// <summary>Every fault of the instance with its on/off switch.</summary>
    IReadOnlyList<FaultSwitch> Faults { get; }

    /// <summary>This laptop's agent, or null when no agent runs on it (checks that need it fail with that reason).</summary>
    IAgentProbe? Agent { get; }

    /// <summary>The laptop this context shows, e.g. "laptop-01".</summary>
    string Laptop { get; }

    /// <summary>Names of every laptop of the instance, this one included.</summary>
    IReadOnlyList<string> Laptops { get; }

    /// <summary>The same instance seen from another laptop (its device state, agent and DNS view), or null for an unknown name.</summary>
    IVerifyContext? ForLaptop(string laptop);

    /// <summary>
    /// Resolves <paramref name="name"/> through the lab DNS as this laptop's network sees it.
    /// A DNS failure (NXDOMAIN, SERVFAIL, timeout) is a <see cref="DnsLookup"/> value, not an exception.
    /// </summary>
    Task<DnsLookup> ResolveAsync(string name, CancellationToken cancellationToken);
}
