namespace FaultLab.Control;

/// <summary>A control request that failed, with the reason to show and the CLI exit code it maps to.</summary>
public sealed class ControlException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
