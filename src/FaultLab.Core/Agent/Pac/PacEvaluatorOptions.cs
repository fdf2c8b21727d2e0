namespace FaultLab.Agent.Pac;

/// <summary>The sandbox a PAC script runs in; every limit stops the script with a named <see cref="PacError"/>.</summary>
public sealed record PacEvaluatorOptions
{
    /// <summary>Longest one run of the script (top level plus FindProxyForURL) may take.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Deepest JavaScript call stack allowed.</summary>
    public int MaxRecursionDepth { get; init; } = 100;

    /// <summary>Most memory one run may allocate, in bytes.</summary>
    public long MaxMemoryBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>How long one host-name lookup asked for by the script may take before it counts as failed.</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most distinct host names one evaluation may resolve.</summary>
    public int MaxLookupsPerEvaluation { get; init; } = 16;

    /// <summary>How many compiled PAC texts are kept.</summary>
    public int MaxCachedScripts { get; init; } = 8;

    internal void Validate()
    {
        if (TimeLimit <= TimeSpan.Zero) throw new ArgumentException($"PacEvaluatorOptions.TimeLimit must be positive, got {TimeLimit}");
        if (MaxRecursionDepth < 1) throw new ArgumentException($"PacEvaluatorOptions.MaxRecursionDepth must be at least 1, got {MaxRecursionDepth}");
        if (MaxMemoryBytes < 1) throw new ArgumentException($"PacEvaluatorOptions.MaxMemoryBytes must be positive, got {MaxMemoryBytes}");
        if (ResolveTimeout <= TimeSpan.Zero) throw new ArgumentException($"PacEvaluatorOptions.ResolveTimeout must be positive, got {ResolveTimeout}");
        if (MaxLookupsPerEvaluation < 0) throw new ArgumentException($"PacEvaluatorOptions.MaxLookupsPerEvaluation must not be negative, got {MaxLookupsPerEvaluation}");
        if (MaxCachedScripts < 1) throw new ArgumentException($"PacEvaluatorOptions.MaxCachedScripts must be at least 1, got {MaxCachedScripts}");
    }
}
