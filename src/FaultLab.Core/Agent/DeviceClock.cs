using FaultLab.Settings;

namespace FaultLab.Agent;

/// <summary>The laptop's clock: world time plus device.clockOffsetSeconds, read live so a resync takes effect at once.</summary>
public sealed class DeviceClock(TimeProvider world, SettingsDocument device) : TimeProvider
{
    public double OffsetSeconds =>
        device.Get("clockOffsetSeconds") is System.Text.Json.Nodes.JsonValue value
        && double.TryParse(value.ToJsonString(), global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 0;

    public override DateTimeOffset GetUtcNow() => world.GetUtcNow().AddSeconds(OffsetSeconds);

    public override long GetTimestamp() => world.GetTimestamp();

    public override long TimestampFrequency => world.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        world.CreateTimer(callback, state, dueTime, period);
}
