namespace FaultLab.Tests.Middleboxes.Http;

/// <summary>How a real command-line client ended.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
