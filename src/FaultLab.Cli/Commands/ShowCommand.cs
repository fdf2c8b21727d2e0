using System.CommandLine;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab show LAB: the trainee's briefing. Never prints faults, diagnosis or solution.</summary>
public sealed class ShowCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var lab = new Argument<string>("LAB") { Description = "Lab id (see 'faultlab labs')" };
        var json = CommonOptions.Json();
        var command = new Command("show", "Print a lab's briefing as the trainee receives it: the symptom, the network, where to start.") { lab, json };
        command.SetAction((parse, _) => app.Run(parse, env =>
        {
            var l = env.FindLab(parse.GetValue(lab)!);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Console.Out, new { l.Id, l.Scenario, category = l.Category.ToString().ToLowerInvariant(), l.Level, l.Title, l.Network, l.Briefing, hints = l.Hints.Count });
                return Task.FromResult(ExitCodes.Ok);
            }
            var o = env.Console.Out;
            o.WriteLine($"{l.Title}");
            o.WriteLine($"lab {l.Id} - scenario {l.Scenario} - {l.Category.ToString().ToLowerInvariant()} - {l.Level}");
            o.WriteLine();
            o.WriteLine(l.Briefing);
            o.WriteLine();
            o.WriteLine($"The laptop is on: {l.Network}. {l.Hints.Count} hint(s) available (each costs points).");
            o.WriteLine($"Start it with: faultlab up {l.Id}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
