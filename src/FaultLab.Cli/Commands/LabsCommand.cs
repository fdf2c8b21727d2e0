using System.CommandLine;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab labs: the catalogue, and any refused lab file with its reason.</summary>
public sealed class LabsCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var json = CommonOptions.Json();
        var command = new Command("labs", "List the labs: id, scenario, category, level, title. Refused lab files are reported on stderr with file:line:col.") { json };
        command.SetAction((parse, _) => app.Run(parse, env =>
        {
            var catalog = env.Catalog;
            foreach (var error in catalog.Errors) env.Console.Error.WriteLine($"faultlab: refused {error}");
            var rows = catalog.Labs.OrderBy(l => ScenarioOrder(l.Scenario)).ThenBy(l => l.Id, StringComparer.Ordinal).ToArray();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Console.Out, new
                {
                    labs = rows.Select(l => new { l.Id, l.Scenario, category = l.Category.ToString().ToLowerInvariant(), l.Level, l.Title, l.Network }),
                    errors = catalog.Errors.Select(e => new { e.File, e.Line, e.Column, e.Message }),
                });
            }
            else
            {
                var table = new TextTable("ID", "SCENARIO", "CATEGORY", "LEVEL", "TITLE");
                foreach (var l in rows) table.Add(l.Id, l.Scenario, l.Category.ToString().ToLowerInvariant(), l.Level, l.Title);
                table.Write(env.Console.Out);
            }
            return Task.FromResult(catalog.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.BadInput);
        }));
        return command;
    }

    private static int ScenarioOrder(string scenario) => int.TryParse(new string(scenario.TakeWhile(char.IsDigit).ToArray()), out var n) ? n : int.MaxValue;
}
