using System.Text.Json.Nodes;
using FaultLab.Runtime.Embedded;
using FaultLab.Settings;

namespace FaultLab.Faults.Kinds;

/// <summary>The agent selected a far edge when the service started (e.g. before travel) and stays latched to it until restarted.</summary>
public sealed class FarEdgeFault : Fault, IDeviceFault
{
    public override string Kind => "far-edge";
    public override FaultTarget Target => FaultTarget.Device;

    [FaultParameter("the edge the agent is latched to, by node name (e.g. edge-sjc)")]
    public string Edge { get; set; } = "edge-sjc";

    public void Apply(SettingsDocument device) => device.Set("latchedEdge", JsonValue.Create(Edge));

    public override string Describe() => $"agent latched to {Edge}";
}
