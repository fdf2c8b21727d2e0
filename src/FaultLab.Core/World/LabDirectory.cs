using System.Collections.Concurrent;
using System.Net;

namespace FaultLab.World;

/// <summary>
/// Where every lab service really listens. Lab names and well-known ports (gateway.edge.lab:443)
/// map to the loopback endpoints the instance allocated at start; the DNS node answers names
/// from here and the edge and agent dial through it.
/// </summary>
public sealed class LabDirectory
{
    private readonly ConcurrentDictionary<ServiceAddress, IPEndPoint> _services = new();
    private readonly ConcurrentDictionary<string, IPAddress> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records that <paramref name="service"/> is served at <paramref name="actual"/>.</summary>
    public void Register(ServiceAddress service, IPEndPoint actual)
    {
        var key = service with { Host = Normalize(service.Host) };
        if (!_services.TryAdd(key, actual))
            throw new InvalidOperationException($"{key} is registered twice");
        _hosts.TryAdd(key.Host, actual.Address);
    }

    /// <summary>Makes <paramref name="host"/> resolvable without a service (e.g. a name that only needs an A record).</summary>
    public void RegisterHost(string host, IPAddress address) => _hosts[Normalize(host)] = address;

    public bool TryResolve(ServiceAddress service, out IPEndPoint actual) =>
        _services.TryGetValue(service with { Host = Normalize(service.Host) }, out actual!);

    /// <summary>The address the lab DNS answers for <paramref name="host"/>, or null when the name does not exist.</summary>
    public IPAddress? AddressOf(string host) => _hosts.TryGetValue(Normalize(host), out var a) ? a : null;

    public IReadOnlyCollection<string> Hosts => _hosts.Keys.ToArray();

    public IReadOnlyDictionary<ServiceAddress, IPEndPoint> Services => _services;

    private static string Normalize(string host) => host.TrimEnd('.').ToLowerInvariant();
}
