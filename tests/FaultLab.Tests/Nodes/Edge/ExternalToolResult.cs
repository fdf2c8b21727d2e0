namespace FaultLab.Tests.Nodes.Edge;

/// <summary>What a real client printed and how it exited.</summary>
internal sealed record ExternalToolResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}
