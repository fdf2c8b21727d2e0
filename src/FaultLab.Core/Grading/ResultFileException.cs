namespace FaultLab.Grading;

/// <summary>A result file that cannot be graded: unsigned, tampered, signed with another key, or not a result at all. The message says which.</summary>
public sealed class ResultFileException(string message) : Exception(message);
