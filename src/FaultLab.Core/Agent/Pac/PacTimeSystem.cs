using System.Globalization;
using Jint.Runtime;

namespace FaultLab.Agent.Pac;

/// <summary>Makes <c>new Date()</c> inside a PAC read the device clock and zone, the same ones the range functions use.</summary>
internal sealed class PacTimeSystem(TimeProvider clock, TimeZoneInfo zone) : DefaultTimeSystem(zone, CultureInfo.InvariantCulture)
{
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();
}
