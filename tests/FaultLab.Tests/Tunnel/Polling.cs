namespace FaultLab.Tests.Tunnel;

/// <summary>Waits for a tunnel's observable state to hold, checking it often, until the token ends the wait.</summary>
internal static class Polling
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="cancellationToken"/> ended the wait first.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (cancellationToken.IsCancellationRequested) return false;
            // Polling an observable counter, not sleeping for readiness.
            await Task.Delay(Every, CancellationToken.None);
        }
        return true;
    }
}
