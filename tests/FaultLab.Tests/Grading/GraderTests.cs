using FaultLab.Grading;
using static FaultLab.Tests.Grading.GradingSamples;

namespace FaultLab.Tests.Grading;

public sealed class GraderTests
{
    [Test]
    public void EachPassedCheck_EarnsItsPoints()
    {
        var grade = new Grader().Grade(Result("ana", hints: 0, Passed("agent", 2), Failed("ipcheck"), Passed("fault")));

        Assert.That(grade.Earned, Is.EqualTo(3));
        Assert.That(grade.MaxScore, Is.EqualTo(4));
        Assert.That(grade.Score, Is.EqualTo(3));
        Assert.That(grade.Percent, Is.EqualTo(75));
        Assert.That(grade.Passed, Is.False);
    }

    [Test]
    public void EachHint_CostsOnePointByDefault()
    {
        var grade = new Grader().Grade(Result("ben", hints: 2, Passed("agent", 2), Failed("ipcheck"), Passed("fault")));

        Assert.That(grade.HintPenalty, Is.EqualTo(2));
        Assert.That(grade.Score, Is.EqualTo(1));
        Assert.That(grade.Percent, Is.EqualTo(25));
    }

    [Test]
    public void HintPenalty_IsConfigurable()
    {
        var grade = new Grader(new GradingOptions { HintPenaltyPoints = 0.5 }).Grade(Result("cy", hints: 3, Passed("a", 2), Passed("b", 2)));

        Assert.That(grade.HintPenalty, Is.EqualTo(1.5));
        Assert.That(grade.Score, Is.EqualTo(2.5));
        Assert.That(grade.Percent, Is.EqualTo(62.5));
        Assert.That(grade.Passed, Is.True);
    }

    [Test]
    public void ScoreNeverGoesBelowZero()
    {
        var grade = new Grader().Grade(Result("dee", hints: 5, Passed("agent"), Failed("ipcheck"), Failed("fault")));

        Assert.That(grade.Earned, Is.EqualTo(1));
        Assert.That(grade.HintPenalty, Is.EqualTo(1), "only what was earned can be taken off");
        Assert.That(grade.Score, Is.Zero);
        Assert.That(grade.Percent, Is.Zero);
    }

    [Test]
    public void TimeToFix_RunsFromInstanceStartToTheFirstPassingVerify()
    {
        var grader = new Grader();
        Assert.That(grader.Grade(Result("eve", 0, TimeSpan.FromMinutes(12.5), Passed("agent"))).TimeToFix, Is.EqualTo(TimeSpan.FromMinutes(12.5)));
        Assert.That(grader.Grade(Result("fay", 0, fixedAfter: null, Failed("agent"))).TimeToFix, Is.Null);
    }

    [Test]
    public void ClassReport_CountsPassesAndAveragesPercentages()
    {
        var report = new Grader().Grade(
        [
            Result("ana", 0, Passed("a"), Passed("b")),
            Result("ben", 1, Passed("a"), Failed("b")),
            Result("cy", 0, Failed("a"), Failed("b")),
        ], Start.AddHours(1));

        Assert.That(report.Grades.Select(g => g.Percent), Is.EqualTo(new[] { 100.0, 0, 0 }));
        Assert.That(report.PassedCount, Is.EqualTo(1));
        Assert.That(report.AveragePercent, Is.EqualTo(100.0 / 3).Within(1e-9));
    }

    [Test]
    public void LabWithoutPoints_GradesZeroPercentRatherThanDividingByZero()
    {
        var grade = new Grader().Grade(Result("gus", 0, Passed("a", 0)));
        Assert.That(grade.Percent, Is.Zero);
    }

    [Test]
    public void NegativePenalty_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Grader(new GradingOptions { HintPenaltyPoints = -1 }));
    }
}
