using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Verify;

namespace FaultLab.Grading;

/// <summary>Writes verify and grade reports as JSON for <c>--json</c> output: camelCase keys, times in seconds, percentages to one decimal.</summary>
public static class ReportJsonWriter
{
    private static readonly JsonSerializerOptions Indented = IndentedOptions();

    private static JsonSerializerOptions IndentedOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Write(VerifyReport report) => Verify(report).ToJsonString(Indented);

    public static string Write(GradeReport report) => new JsonObject
    {
        ["at"] = report.At,
        ["hintPenaltyPoints"] = report.Options.HintPenaltyPoints,
        ["trainees"] = report.Grades.Count,
        ["passed"] = report.PassedCount,
        ["averagePercent"] = Math.Round(report.AveragePercent, 1),
        ["grades"] = new JsonArray(report.Grades.Select(Grade).ToArray<JsonNode?>()),
    }.ToJsonString(Indented);

    private static JsonObject Grade(TraineeGrade grade) => new()
    {
        ["trainee"] = grade.TraineeResult.Trainee,
        ["lab"] = grade.TraineeResult.Lab,
        ["instance"] = grade.TraineeResult.Instance,
        ["passed"] = grade.Passed,
        ["earned"] = grade.Earned,
        ["hintsUsed"] = grade.TraineeResult.HintsUsed,
        ["hintPenalty"] = grade.HintPenalty,
        ["score"] = grade.Score,
        ["maxScore"] = grade.MaxScore,
        ["percent"] = Math.Round(grade.Percent, 1),
        ["startedAt"] = grade.TraineeResult.StartedAt,
        ["firstPassedAt"] = grade.TraineeResult.FirstPassedAt,
        ["timeToFixSeconds"] = grade.TimeToFix is { } t ? Math.Round(t.TotalSeconds, 3) : null,
        ["verifyAttempts"] = grade.TraineeResult.VerifyAttempts,
        ["verify"] = Verify(grade.TraineeResult.Verify),
    };

    private static JsonObject Verify(VerifyReport report) => new()
    {
        ["lab"] = report.Lab,
        ["instance"] = report.Instance,
        ["at"] = report.At,
        ["passed"] = report.Passed,
        ["score"] = report.Score,
        ["maxScore"] = report.MaxScore,
        ["checks"] = new JsonArray(report.Checks.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Name,
            ["passed"] = c.Passed,
            ["message"] = c.Message,
            ["points"] = c.Points,
            ["maxPoints"] = c.MaxPoints,
            ["seconds"] = Math.Round(c.Elapsed.TotalSeconds, 3),
        }).ToArray()),
    };
}
