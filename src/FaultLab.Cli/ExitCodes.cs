namespace FaultLab.Cli;

/// <summary>The CLI contract's exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The operation ran and failed (e.g. a verify that did not pass, an instance that does not answer).</summary>
    public const int Failed = 1;
    /// <summary>Bad input: a wrong argument, an unknown lab or instance, a refused lab file.</summary>
    public const int BadInput = 2;
}
