using System.Text.Json.Nodes;
using FaultLab.Runtime.Embedded;
using FaultLab.Settings;

namespace FaultLab.Faults.Kinds;

/// <summary>One of the connector's services is stopped on the laptop (the tunnel service, or the agent service itself).</summary>
public sealed class StoppedServiceFault : Fault, IDeviceFault
{
    public override string Kind => "stopped-service";
    public override FaultTarget Target => FaultTarget.Device;

    [FaultParameter("which service is stopped: tunnel or agent")]
    public ConnectorService Service { get; set; } = ConnectorService.Tunnel;

    [FaultParameter("whether a plain restart brings it back (false: the driver is broken until the app is repaired)")]
    public bool RestartFixes { get; set; } = true;

    public void Apply(SettingsDocument device) =>
        device.Set($"services.{Service.ToString().ToLowerInvariant()}", JsonValue.Create(RestartFixes ? "stopped" : "failed"));

    public override string Describe() => $"{Service.ToString().ToLowerInvariant()} service {(RestartFixes ? "stopped" : "failed")}";
}
