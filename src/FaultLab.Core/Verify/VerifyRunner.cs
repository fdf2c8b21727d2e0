using FaultLab.Labs;

namespace FaultLab.Verify;

/// <summary>
/// Runs a lab's checks in order against an instance, each within its time limit, and collects a
/// <see cref="VerifyReport"/>. A check that times out or cannot observe the instance fails with the
/// reason; it does not stop the checks after it.
/// </summary>
public sealed class VerifyRunner(VerifyOptions? options = null, VerifyCheckRegistry? registry = null)
{
    private readonly VerifyOptions _options = options ?? new VerifyOptions();
    private readonly VerifyCheckRegistry _registry = registry ?? VerifyCheckRegistry.Standard;

    public VerifyOptions Options => _options;

    /// <summary>Builds the lab's checks (a bad entry throws <see cref="LabFileException"/>) and runs them.</summary>
    public Task<VerifyReport> RunAsync(LabDefinition lab, string instance, IVerifyContext context, CancellationToken cancellationToken) =>
        RunAsync(lab.Id, instance, _registry.Build(lab, _options), context, cancellationToken);

    /// <summary>Runs checks that were built already.</summary>
    public async Task<VerifyReport> RunAsync(string lab, string instance, IReadOnlyList<VerifyCheck> checks, IVerifyContext context, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>(checks.Count);
        foreach (var check in checks)
            results.Add(await RunOneAsync(check, context, cancellationToken));
        return new VerifyReport(lab, instance, results, _options.Clock.GetUtcNow());
    }

    private async Task<CheckResult> RunOneAsync(VerifyCheck check, IVerifyContext context, CancellationToken cancellationToken)
    {
        var limit = check.TimeLimit(_options.CheckTimeout);
        using var timeout = new CancellationTokenSource(limit, _options.Clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _options.Clock.GetTimestamp();
        try
        {
            return await check.EvaluateAsync(context, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Fail(check.Name, $"no answer within {limit.TotalSeconds:0.#} s", check.MaxPoints) with { Elapsed = _options.Clock.GetElapsedTime(started) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The agent or a node could not answer: that is the observation, reported to the trainee as such.
            return CheckResult.Fail(check.Name, $"could not be checked: {e.Message}", check.MaxPoints) with { Elapsed = _options.Clock.GetElapsedTime(started) };
        }
    }
}
