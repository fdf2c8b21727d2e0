namespace FaultLab.Agent.Network;

/// <summary>One bounded lookup: a resolver that throws, hangs or times out becomes a failed resolution with the reason.</summary>
internal static class HostLookup
{
    public static async Task<HostResolution> ResolveAsync(HostResolver resolver, string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            // WaitAsync also bounds a resolver that ignores its token.
            return await resolver(host, bounded.Token).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return TimedOut(host, timeout);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(host, timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A resolver failure is an answer for the agent ("the lookup failed"), logged with its reason.
            return HostResolution.Failed(host, $"lookup failed: {e.Message}");
        }
    }

    private static HostResolution TimedOut(string host, TimeSpan timeout) =>
        HostResolution.Failed(host, $"no answer within {timeout.TotalMilliseconds:0} ms");
}
