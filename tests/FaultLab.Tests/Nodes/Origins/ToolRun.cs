namespace FaultLab.Tests.Nodes.Origins;

/// <summary>What a real client printed and how it exited.</summary>
internal sealed record ToolRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
