using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Settings;
using FaultLab.Verify;

namespace FaultLab.Tests.Verify;

/// <summary>
/// A lab instance as verify sees it, without any running node: policy and device start like a real
/// instance's (defaults plus the lab's overrides), faults start switched on, DNS answers come from a table.
/// </summary>
internal sealed class FakeVerifyContext : IVerifyContext
{
    private readonly Dictionary<string, FakeVerifyContext> _laptops;

    public FakeVerifyContext(LabDefinition? lab = null, string laptop = "laptop-01")
    {
        Laptop = laptop;
        Policy = SettingsDocument.DefaultPolicy();
        Device = SettingsDocument.DefaultDevice();
        if (lab is not null)
        {
            Policy.Apply(lab.Policy);
            Device.Apply(lab.Device);
            Faults = lab.Faults.Select(f => new FaultSwitch(f)).ToArray();
        }
        _laptops = new() { [laptop] = this };
    }

    private FakeVerifyContext(FakeVerifyContext sibling, string laptop)
    {
        Laptop = laptop;
        Policy = sibling.Policy;
        Device = SettingsDocument.DefaultDevice();
        Faults = sibling.Faults;
        Dns = sibling.Dns;
        _laptops = sibling._laptops;
    }

    public SettingsDocument Policy { get; }
    public SettingsDocument Device { get; }
    public IReadOnlyList<FaultSwitch> Faults { get; } = [];
    public FakeAgent? FakeAgent { get; set; } = new();
    public IAgentProbe? Agent => FakeAgent;
    public string Laptop { get; }
    public IReadOnlyList<string> Laptops => _laptops.Keys.ToArray();

    /// <summary>Lab DNS answers by name; a missing name answers NXDOMAIN.</summary>
    public Dictionary<string, DnsLookup> Dns { get; private init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a second laptop sharing this instance's policy, faults and DNS.</summary>
    public FakeVerifyContext AddLaptop(string name)
    {
        var other = new FakeVerifyContext(this, name);
        _laptops[name] = other;
        return other;
    }

    public IVerifyContext? ForLaptop(string laptop) => _laptops.GetValueOrDefault(laptop);

    public FaultSwitch Fault(string kind) => Faults.Single(f => f.Fault.Kind == kind);

    public Task<DnsLookup> ResolveAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Dns.TryGetValue(name, out var answer) ? answer : DnsLookup.Failed(name, DnsLookupOutcome.NxDomain));
}
