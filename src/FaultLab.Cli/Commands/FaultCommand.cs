using System.CommandLine;
using System.Text.Json;
using FaultLab.Control;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab fault N list | on KIND | off KIND (instructor).</summary>
public sealed class FaultCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var command = new Command("fault", "Instructor: list the lab's faults with what they did, or switch one on/off without restarting the lab.");

        var listName = CommonOptions.Instance();
        var listJson = CommonOptions.Json();
        var list = new Command("list", "Each fault: kind, owner, on/off, what it did (counts)") { listName, listJson };
        list.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(listName)!);
            var faults = (await client.GetAsync("faults", ct)).Deserialize<FaultReport[]>(ControlApi.Json)!;
            if (parse.GetValue(listJson)) JsonOutput.Write(env.Console.Out, faults);
            else Print(env.Console.Out, faults);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(list);

        foreach (var state in new[] { "on", "off" })
        {
            var name = CommonOptions.Instance();
            var kind = new Argument<string>("KIND") { Description = "Fault kind, as 'fault N list' shows it (e.g. udp-drop)" };
            var json = CommonOptions.Json();
            var sub = new Command(state, $"Switch every fault of that kind {state}") { name, kind, json };
            sub.SetAction((parse, ct) => app.Run(parse, async env =>
            {
                using var client = env.Connect(parse.GetValue(name)!);
                var faults = (await client.PostAsync($"faults/{Uri.EscapeDataString(parse.GetValue(kind)!)}/{state}", null, ct)).Deserialize<FaultReport[]>(ControlApi.Json)!;
                if (parse.GetValue(json)) JsonOutput.Write(env.Console.Out, faults);
                else Print(env.Console.Out, faults);
                return ExitCodes.Ok;
            }));
            command.Subcommands.Add(sub);
        }
        return command;
    }

    private static void Print(TextWriter o, IEnumerable<FaultReport> faults)
    {
        var table = new TextTable("FAULT", "OWNER", "STATE", "DID", "WHAT");
        foreach (var f in faults)
            table.Add(f.Kind, f.Owner, f.Active ? "on" : "off",
                f.Counts.Count == 0 ? "-" : string.Join(", ", f.Counts.Select(c => $"{c.Key} {c.Value}")), f.Description);
        table.Write(o);
    }
}
