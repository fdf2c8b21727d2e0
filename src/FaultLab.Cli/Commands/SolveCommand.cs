using System.CommandLine;
using System.Text.Json;
using FaultLab.Control;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab solve N (instructor): apply the lab's reference solution, step by step.</summary>
public sealed class SolveCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var name = CommonOptions.Instance();
        var command = new Command("solve", "Instructor: apply the lab's reference solution, printing each step (then 'faultlab verify N')") { name };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var instance = parse.GetValue(name)!;
            using var client = env.Connect(instance);
            var solution = (await client.GetAsync("solution", ct)).Deserialize<SolutionAnswer>(ControlApi.Json)!;
            foreach (var step in solution.Steps)
            {
                env.Console.Out.WriteLine($"$ faultlab {string.Join(' ', SolutionStep.ArgumentsFor(step, instance))}");
                var code = await app.RunAsync(SolutionStep.ArgumentsFor(step, instance), ct);
                if (code != ExitCodes.Ok)
                {
                    env.Console.Error.WriteLine($"faultlab: solution step '{step}' failed with exit code {code}");
                    return ExitCodes.Failed;
                }
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
