using System.Globalization;
using System.Xml.Linq;
using FaultLab.Grading;
using FaultLab.Tests.Support;
using static FaultLab.Tests.Grading.GradingSamples;

namespace FaultLab.Tests.Grading;

public sealed class JUnitXmlWriterTests
{
    private static GradeReport ClassReport() => new Grader().Grade(
    [
        Result("ana", 1, TimeSpan.FromMinutes(9), Passed("agent tunnel=established", 2), Passed("app ipcheck connected")),
        Result("ben", 0, Passed("agent tunnel=established", 2), Failed("app ipcheck connected", message: "ipcheck: the traffic does not go through the edge & <nowhere>")),
    ], Start.AddHours(1));

    private static XDocument Parsed(XDocument written) => XDocument.Parse(written.Declaration + written.ToString());

    [Test]
    public void GradeReport_HasOneSuitePerInstanceAndOneCasePerCheck()
    {
        var root = Parsed(JUnitXmlWriter.Write(ClassReport())).Root!;

        Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
        Assert.That((int)root.Attribute("tests")!, Is.EqualTo(4));
        Assert.That((int)root.Attribute("failures")!, Is.EqualTo(1));
        var suites = root.Elements("testsuite").ToArray();
        Assert.That(suites.Select(s => (string)s.Attribute("name")!), Is.EqualTo(new[] { "tunnel-udp-blocked/class-a-ana", "tunnel-udp-blocked/class-a-ben" }));

        var ben = suites[1];
        Assert.That((int)ben.Attribute("tests")!, Is.EqualTo(2));
        Assert.That((int)ben.Attribute("failures")!, Is.EqualTo(1));
        Assert.That((int)ben.Attribute("errors")!, Is.Zero);
        Assert.That((int)ben.Attribute("skipped")!, Is.Zero);
        Assert.That((string)ben.Attribute("time")!, Is.EqualTo("0.200"));
        Assert.That((string)ben.Attribute("timestamp")!, Is.EqualTo("2026-03-14T09:20:00"));

        var cases = ben.Elements("testcase").ToArray();
        Assert.That(cases.Select(c => (string)c.Attribute("name")!), Is.EqualTo(new[] { "agent tunnel=established", "app ipcheck connected" }));
        Assert.That(cases.Select(c => (string)c.Attribute("classname")!), Has.All.EqualTo("faultlab.tunnel-udp-blocked.class-a-ben"));
        Assert.That(cases.Select(c => decimal.Parse((string)c.Attribute("time")!, CultureInfo.InvariantCulture)), Is.EqualTo(new[] { 0.12m, 0.08m }));
        Assert.That(cases[0].Element("failure"), Is.Null);
        var failure = cases[1].Element("failure")!;
        Assert.That((string)failure.Attribute("message")!, Is.EqualTo("ipcheck: the traffic does not go through the edge & <nowhere>"));
        Assert.That(failure.Value, Is.EqualTo("ipcheck: the traffic does not go through the edge & <nowhere>"));
    }

    [Test]
    public void GradeReport_CarriesTheGradeAsSuiteProperties()
    {
        var ana = Parsed(JUnitXmlWriter.Write(ClassReport())).Root!.Elements("testsuite").First();
        var properties = ana.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);

        Assert.That(properties["trainee"], Is.EqualTo("ana"));
        Assert.That(properties["score"], Is.EqualTo("2"));
        Assert.That(properties["maxScore"], Is.EqualTo("3"));
        Assert.That(properties["percent"], Is.EqualTo("66.7"));
        Assert.That(properties["hintsUsed"], Is.EqualTo("1"));
        Assert.That(properties["timeToFixSeconds"], Is.EqualTo("540.000"));
    }

    [Test]
    public void VerifyReports_WriteOneSuiteEach()
    {
        var reports = ClassReport().Grades.Select(g => g.TraineeResult.Verify);
        var root = Parsed(JUnitXmlWriter.Write(reports)).Root!;
        Assert.That(root.Elements("testsuite").Count(), Is.EqualTo(2));
        Assert.That(root.Elements("testsuite").Elements("properties"), Is.Empty);
    }

    [Test]
    public async Task Output_ValidatesAgainstTheJUnitSchema()
    {
        var xmllint = ExternalTool.Find("xmllint") ?? throw new IgnoreException("xmllint is not installed: schema validation needs it (package libxml2-utils)");
        var schema = JUnitSchema.Path();
        var file = Path.Combine(Path.GetTempPath(), $"faultlab-junit-{Guid.NewGuid():N}.xml");
        try
        {
            JUnitXmlWriter.Write(ClassReport()).Save(file);
            var (exit, _, error) = await ExternalTool.RunAsync(xmllint, ["--noout", "--schema", schema, file]);
            Assert.That(exit, Is.Zero, error);
            Assert.That(error, Does.Contain("validates"));

            // The schema must be able to refuse: a testcase without its time is not JUnit.
            var broken = XDocument.Load(file);
            broken.Descendants("testcase").First().Attribute("time")!.Remove();
            broken.Save(file);
            var (brokenExit, _, brokenError) = await ExternalTool.RunAsync(xmllint, ["--noout", "--schema", schema, file]);
            Assert.That(brokenExit, Is.Not.Zero, brokenError);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
