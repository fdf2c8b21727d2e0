using System.CommandLine;
using System.Text.Json;
using FaultLab.Control;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab hint N: the next hint; each one given is recorded and costs points at grading.</summary>
public sealed class HintCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var name = CommonOptions.Instance();
        var json = CommonOptions.Json();
        var command = new Command("hint", "Show the next hint, weakest first. Each hint taken is recorded and costs points when graded") { name, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(name)!);
            var answer = (await client.PostAsync("hint", null, ct)).Deserialize<HintAnswer>(ControlApi.Json)!;
            if (parse.GetValue(json)) JsonOutput.Write(env.Console.Out, answer);
            else env.Console.Out.WriteLine(answer.Hint is null ? $"no more hints (all {answer.Of} given)" : $"hint {answer.Number}/{answer.Of}: {answer.Hint}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
