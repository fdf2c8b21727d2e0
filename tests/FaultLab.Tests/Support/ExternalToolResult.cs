namespace FaultLab.Tests.Support;

/// <summary>How a real command-line client ended and what it printed.</summary>
public sealed record ExternalToolResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output followed by standard error, for tools that report on either.</summary>
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
