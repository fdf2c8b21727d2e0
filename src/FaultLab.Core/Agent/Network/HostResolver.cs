namespace FaultLab.Agent.Network;

/// <summary>
/// Resolves a host name through the resolver the laptop currently uses (the lab DNS). A lookup that
/// fails returns <see cref="HostResolution.Failed"/>; callers also bound it with their own timeout.
/// </summary>
public delegate Task<HostResolution> HostResolver(string host, CancellationToken cancellationToken);
