using System.Globalization;
using System.Xml.Linq;
using FaultLab.Verify;

namespace FaultLab.Grading;

/// <summary>
/// Writes verify and grade reports as JUnit XML for CI servers: <c>testsuites</c> &gt; one
/// <c>testsuite</c> per lab instance (name, tests, failures, errors, skipped, time, timestamp) &gt; one
/// <c>testcase</c> per check (name, classname, time) with a <c>failure</c> (message) when it failed.
/// </summary>
public static class JUnitXmlWriter
{
    /// <summary>One suite per verify report (e.g. <c>selftest --junit</c>).</summary>
    public static XDocument Write(IEnumerable<VerifyReport> reports) =>
        Document(reports.Select(r => (r, (IReadOnlyList<(string, string)>)[])).ToArray());

    /// <summary>One suite per graded trainee result, with the grade as suite properties.</summary>
    public static XDocument Write(GradeReport report) =>
        Document(report.Grades.Select(g => (g.TraineeResult.Verify, (IReadOnlyList<(string, string)>)
        [
            ("trainee", g.TraineeResult.Trainee),
            ("score", Number(g.Score)),
            ("maxScore", Number(g.MaxScore)),
            ("percent", Number(Math.Round(g.Percent, 1))),
            ("hintsUsed", g.TraineeResult.HintsUsed.ToString(CultureInfo.InvariantCulture)),
            ("hintPenalty", Number(g.HintPenalty)),
            ("timeToFixSeconds", g.TimeToFix is { } t ? Seconds(t) : ""),
        ])).ToArray());

    private static XDocument Document((VerifyReport Report, IReadOnlyList<(string Name, string Value)> Properties)[] suites) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "faultlab"),
                new XAttribute("tests", suites.Sum(s => s.Report.Checks.Count)),
                new XAttribute("failures", suites.Sum(s => s.Report.Checks.Count(c => !c.Passed))),
                new XAttribute("errors", 0),
                new XAttribute("skipped", 0),
                new XAttribute("time", Seconds(suites.Aggregate(TimeSpan.Zero, (sum, s) => sum + Elapsed(s.Report)))),
                suites.Select(s => Suite(s.Report, s.Properties))));

    private static XElement Suite(VerifyReport report, IReadOnlyList<(string Name, string Value)> properties)
    {
        var className = $"faultlab.{report.Lab}.{report.Instance}";
        return new XElement("testsuite",
            new XAttribute("name", $"{report.Lab}/{report.Instance}"),
            new XAttribute("tests", report.Checks.Count),
            new XAttribute("failures", report.Checks.Count(c => !c.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(Elapsed(report))),
            // JUnit's timestamp is an ISO 8601 local time without zone; ours is always UTC.
            new XAttribute("timestamp", report.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            properties.Count > 0 ? new XElement("properties", properties.Select(p => new XElement("property", new XAttribute("name", p.Name), new XAttribute("value", p.Value)))) : null,
            report.Checks.Select(check => new XElement("testcase",
                new XAttribute("name", check.Name),
                new XAttribute("classname", className),
                new XAttribute("time", Seconds(check.Elapsed)),
                check.Passed ? null : new XElement("failure",
                    new XAttribute("message", check.Message),
                    new XAttribute("type", "VerifyCheckFailed"),
                    check.Message))));
    }

    private static TimeSpan Elapsed(VerifyReport report) => report.Checks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Elapsed);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
