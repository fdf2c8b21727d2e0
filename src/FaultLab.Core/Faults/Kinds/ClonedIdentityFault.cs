using System.Text.Json.Nodes;
using FaultLab.Runtime.Embedded;
using FaultLab.Settings;

namespace FaultLab.Faults.Kinds;

/// <summary>The laptop was imaged from another one and carries its enrollment cache: both present the same device id.</summary>
public sealed class ClonedIdentityFault : Fault, IDeviceFault
{
    public override string Kind => "cloned-identity";
    public override FaultTarget Target => FaultTarget.Device;

    [FaultParameter("the device id both laptops share")]
    public string DeviceId { get; set; } = "DEV-7F3A-GOLDEN-IMAGE";

    [FaultParameter("host name of the other laptop that enrolled with the same id")]
    public string TwinHostname { get; set; } = "laptop-02";

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DeviceId)) yield return "'deviceId' must not be empty";
        if (string.IsNullOrWhiteSpace(TwinHostname)) yield return "'twinHostname' must not be empty";
    }

    public void Apply(SettingsDocument device) => device.Set("deviceId", JsonValue.Create(DeviceId));

    public override string Describe() => $"device id {DeviceId} shared with {TwinHostname}";
}
