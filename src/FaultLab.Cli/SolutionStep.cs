namespace FaultLab.Cli;

/// <summary>A reference-solution step as the CLI runs it: "portal set KEY VALUE" becomes "portal N set KEY VALUE".</summary>
public static class SolutionStep
{
    /// <summary>The step's command line for instance <paramref name="instance"/>; a set's value keeps its spaces.</summary>
    public static string[] ArgumentsFor(string step, string instance)
    {
        var words = step.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 4 && words[1] == "set")
            return [words[0], instance, "set", words[2], string.Join(' ', step.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries)[3])];
        return [words[0], instance, .. words[1..]];
    }
}
