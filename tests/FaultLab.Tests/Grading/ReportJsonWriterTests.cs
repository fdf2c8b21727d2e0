using System.Text.Json.Nodes;
using FaultLab.Grading;
using static FaultLab.Tests.Grading.GradingSamples;

namespace FaultLab.Tests.Grading;

public sealed class ReportJsonWriterTests
{
    [Test]
    public void GradeReport_CarriesScoresPenaltiesAndTimes()
    {
        var report = new Grader().Grade(
        [
            Result("ana", 1, TimeSpan.FromMinutes(9), Passed("agent", 2), Passed("ipcheck")),
            Result("ben", 0, Passed("agent", 2), Failed("ipcheck")),
        ], Start.AddHours(1));

        var json = JsonNode.Parse(ReportJsonWriter.Write(report))!;

        Assert.That((int)json["trainees"]!, Is.EqualTo(2));
        Assert.That((int)json["passed"]!, Is.EqualTo(1));
        Assert.That((double)json["averagePercent"]!, Is.EqualTo(66.7));
        var ana = json["grades"]![0]!;
        Assert.That((string)ana["trainee"]!, Is.EqualTo("ana"));
        Assert.That((double)ana["earned"]!, Is.EqualTo(3));
        Assert.That((double)ana["hintPenalty"]!, Is.EqualTo(1));
        Assert.That((double)ana["score"]!, Is.EqualTo(2));
        Assert.That((double)ana["percent"]!, Is.EqualTo(66.7));
        Assert.That((double)ana["timeToFixSeconds"]!, Is.EqualTo(540));
        var ben = json["grades"]![1]!;
        Assert.That(ben["timeToFixSeconds"], Is.Null);
        var failed = ben["verify"]!["checks"]![1]!;
        Assert.That((bool)failed["passed"]!, Is.False);
        Assert.That((string)failed["message"]!, Is.EqualTo("tunnel is Down, expected established"));
        Assert.That((double)failed["points"]!, Is.Zero);
        Assert.That((double)failed["maxPoints"]!, Is.EqualTo(1));
    }

    [Test]
    public void VerifyReport_SaysPassedAndScore()
    {
        var verify = Result("cy", 0, Passed("agent"), Failed("ipcheck")).Verify;
        var json = JsonNode.Parse(ReportJsonWriter.Write(verify))!;
        Assert.That((bool)json["passed"]!, Is.False);
        Assert.That((double)json["score"]!, Is.EqualTo(1));
        Assert.That((double)json["maxScore"]!, Is.EqualTo(2));
        Assert.That(json["checks"]!.AsArray(), Has.Count.EqualTo(2));
    }
}
