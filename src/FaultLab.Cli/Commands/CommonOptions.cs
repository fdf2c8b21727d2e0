using System.CommandLine;

namespace FaultLab.Cli.Commands;

/// <summary>Options shared by several verbs; each verb gets its own instance.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON on stdout" };

    public static Argument<string> Instance() => new("N") { Description = "Instance name (as printed by 'faultlab up' and 'faultlab status')" };
}
