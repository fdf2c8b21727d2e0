namespace FaultLab.Cli;

/// <summary>Where a command writes: data to <see cref="Out"/>, progress and errors to <see cref="Error"/>.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole System => new(Console.Out, Console.Error);
}
