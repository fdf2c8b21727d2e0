namespace FaultLab.Agent.Pac;

/// <summary>
/// Unwinds a PAC run that asked for a name not yet resolved, so the evaluator can resolve it
/// asynchronously and run the script again with the answer; never escapes the evaluator.
/// </summary>
internal sealed class PacLookupNeeded(string host) : Exception($"PAC needs {host} resolved")
{
    public string Host { get; } = host;
}
