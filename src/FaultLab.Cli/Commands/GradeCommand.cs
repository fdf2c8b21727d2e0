using System.CommandLine;
using FaultLab.Grading;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab grade N... : grade trainee instances or handed-in result files, with partial credit, hint penalties and time to fix.</summary>
public sealed class GradeCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var targets = new Argument<string[]>("N") { Arity = ArgumentArity.OneOrMore, Description = "Instance names, or result files (*.json) exported with 'faultlab grade N --export FILE'" };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML (one testsuite per trainee, one testcase per check)", HelpName = "FILE" };
        var json = new Option<string?>("--json") { Description = "Write the grade report as JSON", HelpName = "FILE" };
        var export = new Option<string?>("--export") { Description = "Save the (single) instance's signed result file for handing in, instead of grading", HelpName = "FILE" };
        var penalty = new Option<double>("--hint-penalty") { Description = "Points each hint costs", DefaultValueFactory = _ => 1 };
        var command = new Command("grade", "Grade trainees: verify each instance (or read its signed result file), partial credit per check, hint penalties, time to fix") { targets, junit, json, export, penalty };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var key = ResultFile.KeyFromText(env.State.InstructorKey());
            var verifier = new ResultFileVerifier(key);
            var results = new List<TraineeResult>();
            foreach (var target in parse.GetValue(targets)!)
            {
                string text;
                if (File.Exists(target)) text = await File.ReadAllTextAsync(target, ct);
                else
                {
                    using var client = env.Connect(target);
                    text = (await client.PostAsync("result", null, ct)).ToJsonString();
                }
                if (parse.GetValue(export) is { } file)
                {
                    await File.WriteAllTextAsync(file, text, ct);
                    env.Console.Out.WriteLine($"result of {target} saved to {file}");
                    return ExitCodes.Ok;
                }
                try
                {
                    results.Add(verifier.Read(text, target));
                }
                catch (ResultFileException e)
                {
                    throw new UsageException(e.Message);
                }
            }

            var report = new Grader(new GradingOptions { HintPenaltyPoints = parse.GetValue(penalty) }).Grade(results, DateTimeOffset.UtcNow);
            var table = new TextTable("TRAINEE", "LAB", "SCORE", "PERCENT", "HINTS", "TIME TO FIX", "PASSED");
            foreach (var g in report.Grades)
                table.Add(g.TraineeResult.Trainee, g.TraineeResult.Lab, $"{g.Score:0.#}/{g.MaxScore:0.#}", $"{g.Percent:0}%", g.TraineeResult.HintsUsed,
                    g.TimeToFix is { } t ? $"{t:hh\\:mm\\:ss}" : "-", g.Passed ? "yes" : "no");
            table.Write(env.Console.Out);
            env.Console.Out.WriteLine($"{report.PassedCount}/{report.Grades.Count} passed, average {report.AveragePercent:0}%");
            if (parse.GetValue(junit) is { } junitFile) JUnitXmlWriter.Write(report).Save(junitFile);
            if (parse.GetValue(json) is { } jsonFile) await File.WriteAllTextAsync(jsonFile, ReportJsonWriter.Write(report), ct);
            return report.Grades.All(g => g.Passed) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
