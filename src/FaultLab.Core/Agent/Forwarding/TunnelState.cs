namespace FaultLab.Agent.Forwarding;

/// <summary>
/// Whether the tunnel to the edge carries traffic. The service reports Down once the tunnel failed
/// for longer than the app profile's fail-open timeout; while it is still connecting it stays Up.
/// </summary>
public enum TunnelState
{
    Up,
    Down,
}
