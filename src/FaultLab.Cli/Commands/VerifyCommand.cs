using System.CommandLine;
using System.Text.Json;
using FaultLab.Control;
using FaultLab.Verify;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab verify N: run the lab's verify; exit 0 when every check passes, 1 otherwise.</summary>
public sealed class VerifyCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var name = CommonOptions.Instance();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Run the lab's verify: one line per check (what is still wrong, never the fix); exit 0 all passed, 1 not yet") { name, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(name)!);
            var node = await client.PostAsync("verify", null, ct);
            var report = node.Deserialize<VerifyReport>(ControlApi.Json)!;
            if (parse.GetValue(json)) env.Console.Out.WriteLine(node.ToJsonString(JsonOutput.Options));
            else Print(env.Console.Out, report);
            return report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    public static void Print(TextWriter o, VerifyReport report)
    {
        var table = new TextTable("CHECK", "RESULT", "POINTS", "MESSAGE");
        foreach (var c in report.Checks) table.Add(c.Name, c.Passed ? "pass" : "FAIL", $"{c.Points}/{c.MaxPoints}", c.Message);
        table.Write(o);
        o.WriteLine($"{(report.Passed ? "PASSED" : "NOT YET")}: {report.Score}/{report.MaxScore} points");
    }
}
