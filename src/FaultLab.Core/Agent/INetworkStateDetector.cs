namespace FaultLab.Agent;

/// <summary>Decides which network state the laptop is in (OnTrusted, OffTrusted, VpnTrusted, CaptivePortal).</summary>
public interface INetworkStateDetector
{
    string Detect(FaultLab.World.NetworkProfile network, AgentPolicy policy);
}
