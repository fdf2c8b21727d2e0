namespace FaultLab.Tunnel;

/// <summary>The edge's answer to Hello: the edge the device landed on, or why it was refused.</summary>
public sealed record TunnelHelloResult(HelloOkFrame? Edge, string? RefusedReason)
{
    public bool Accepted => Edge is not null;
}
