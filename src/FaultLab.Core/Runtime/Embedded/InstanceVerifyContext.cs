using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.Faults;
using FaultLab.Settings;
using FaultLab.Verify;
using FaultLab.World;

namespace FaultLab.Runtime.Embedded;

/// <summary>A running instance as the verify step sees it: one laptop, its agent, the lab DNS it is given.</summary>
public sealed class InstanceVerifyContext(LabInstance instance) : IVerifyContext
{
    private readonly TwinVerifyContext? _twin = instance.Twin is { } twin ? new TwinVerifyContext(instance, twin) : null;

    private const int DnsTimeoutMs = 3000;
    private const string LaptopName = "laptop-01";

    public SettingsDocument Policy => instance.Policy;
    public SettingsDocument Device => instance.Device;
    public IReadOnlyList<FaultSwitch> Faults => instance.Faults;
    public IAgentProbe? Agent => instance.Agent is { } agent ? new AgentProbe(agent, ResolveAsync) : null;
    public string Laptop => LaptopName;
    public IReadOnlyList<string> Laptops => _twin is null ? [LaptopName] : [LaptopName, _twin.Laptop];

    public IVerifyContext? ForLaptop(string laptop) => laptop == LaptopName ? this : laptop == _twin?.Laptop ? _twin : null;

    /// <summary>Asks the resolver the laptop's current network hands out, through the laptop's link to it.</summary>
    public async Task<DnsLookup> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var network = instance.Network;
        var resolver = network.Network.DnsView == "office" ? "dns.corp.lab" : "dns.lab";
        if (network.Route(new ServiceAddress(resolver, 53, Transport.Udp)) is not { } server)
            return DnsLookup.Failed(name, DnsLookupOutcome.Timeout);
        using var client = new DnsClient([server.Address], [new UdpClientTransport(server.Port)], true, DnsTimeoutMs);
        var answer = await client.ResolveAsync(DomainName.Parse(name), RecordType.A, token: cancellationToken);
        return answer?.ReturnCode switch
        {
            null => DnsLookup.Failed(name, DnsLookupOutcome.Timeout),
            ReturnCode.NxDomain => DnsLookup.Failed(name, DnsLookupOutcome.NxDomain),
            ReturnCode.NoError when answer.AnswerRecords.OfType<ARecord>().Any() =>
                DnsLookup.Resolved(name, answer.AnswerRecords.OfType<ARecord>().Select(a => a.Address).ToArray()),
            ReturnCode.NoError => DnsLookup.Failed(name, DnsLookupOutcome.NoData),
            _ => DnsLookup.Failed(name, DnsLookupOutcome.ServerFailure),
        };
    }
}
