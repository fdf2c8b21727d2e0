namespace FaultLab.Tunnel;

/// <summary>Whether a device token may open a tunnel session, and if not, why (sent back in HelloRefused).</summary>
public readonly record struct TunnelAdmission(bool Admitted, string? Reason)
{
    public static TunnelAdmission Admit() => new(true, null);

    public static TunnelAdmission Refuse(string reason) => new(false, reason);
}
