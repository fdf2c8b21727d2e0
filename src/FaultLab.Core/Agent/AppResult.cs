namespace FaultLab.Agent;

/// <summary>What an app on the laptop saw: did it work, one line why, and the details it measured.</summary>
public sealed record AppResult(string Name, bool Ok, string Summary, IReadOnlyDictionary<string, string> Fields)
{
    public static AppResult Success(string name, string summary, IReadOnlyDictionary<string, string>? fields = null) =>
        new(name, true, summary, fields ?? new Dictionary<string, string>());

    public static AppResult Failure(string name, string summary, IReadOnlyDictionary<string, string>? fields = null) =>
        new(name, false, summary, fields ?? new Dictionary<string, string>());
}
