using FaultLab.Runtime.Embedded;
using FaultLab.Settings;

namespace FaultLab.Faults.Kinds;

/// <summary>The laptop's clock is off by a number of seconds (the guide's example: +412 s).</summary>
public sealed class ClockSkewFault : Fault, IDeviceFault
{
    public override string Kind => "clock-skew";
    public override FaultTarget Target => FaultTarget.Device;

    [FaultParameter("how far the laptop's clock is ahead (negative: behind), in seconds")]
    public int OffsetSeconds { get; set; }

    public override IEnumerable<string> Validate()
    {
        if (OffsetSeconds == 0) yield return "'offsetSeconds' must not be 0 (that is no skew)";
        if (Math.Abs(OffsetSeconds) > 86_400 * 365) yield return $"'offsetSeconds' must be within a year, got {OffsetSeconds}";
    }

    public void Apply(SettingsDocument device) => device.Set("clockOffsetSeconds", OffsetSeconds);

    public override string Describe() => $"laptop clock {OffsetSeconds:+#;-#} s";
}
