using FaultLab.Settings;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>Decides which network state the laptop is in (OnTrusted, OffTrusted, VpnTrusted, CaptivePortal), with a one-line reason.</summary>
public interface INetworkStateDetector
{
    Task<(Network.NetworkState State, string Summary)> DetectAsync(ILaptopNetwork network, SettingsDocument policy, CancellationToken cancellationToken);
}
