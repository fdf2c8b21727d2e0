using System.CommandLine;

namespace FaultLab.Cli.Commands;

/// <summary>One verb of the CLI.</summary>
public interface ICliCommand
{
    Command Build(CliApp app);
}
