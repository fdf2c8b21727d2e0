using FaultLab.Faults;
using FaultLab.Settings;
using FaultLab.Verify;

namespace FaultLab.Runtime.Embedded;

/// <summary>The cloned twin laptop as verify sees it: its device state only (its agent is not simulated).</summary>
public sealed class TwinVerifyContext(LabInstance instance, TwinLaptop twin) : IVerifyContext
{
    public SettingsDocument Policy => instance.Policy;
    public SettingsDocument Device => twin.Device;
    public IReadOnlyList<FaultSwitch> Faults => instance.Faults;
    public IAgentProbe? Agent => null;
    public string Laptop => twin.Hostname;
    public IReadOnlyList<string> Laptops => new InstanceVerifyContext(instance).Laptops;
    public IVerifyContext? ForLaptop(string laptop) => new InstanceVerifyContext(instance).ForLaptop(laptop);
    public Task<DnsLookup> ResolveAsync(string name, CancellationToken cancellationToken) => new InstanceVerifyContext(instance).ResolveAsync(name, cancellationToken);
}
