namespace FaultLab.Control;

/// <summary>A lab's reference fix, for instructors: the canonical diagnosis and the CLI steps.</summary>
public sealed record SolutionAnswer(string Lab, string Diagnosis, IReadOnlyList<string> Steps);
