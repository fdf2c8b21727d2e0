namespace FaultLab.Labs;

/// <summary>Why a lab file was refused, and where: prints as <c>labs/x.yaml:12:5: what is wrong</c>.</summary>
public sealed record LabError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
