namespace FaultLab.Faults.Kinds;

/// <summary>
/// The laptop's network sits behind a captive portal: until the client signs in, HTTP is
/// redirected to the portal and HTTPS and UDP/443 are blocked.
/// </summary>
public sealed class CaptivePortalFault : Fault
{
    public override string Kind => "captive-portal";
    public override FaultTarget Target => FaultTarget.Node;
    public override string? DefaultNode => "portal";

    [FaultParameter("how long a sign-in lasts, in seconds")]
    public int SessionSeconds { get; set; } = 3600;

    public override IEnumerable<string> Validate()
    {
        if (SessionSeconds < 1) yield return "'sessionSeconds' must be at least 1";
    }
}
