namespace FaultLab.Verify;

/// <summary>Timing of a verify run; loaded once and passed to the registry and the runner.</summary>
public sealed record VerifyOptions
{
    /// <summary>How long one check may take before it fails as unanswered.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pause between two polls of a <c>stable</c> check: short, so a flapping state shows within a few seconds.</summary>
    public TimeSpan StablePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for report times, stable pauses and bundle time windows.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
