using System.Diagnostics;
using FaultLab.Agent.Pac;

namespace FaultLab.Tests.Agent.Pac;

public class ShellGlobTests
{
    [TestCase("www.example.lab", "*.example.lab", true)]
    [TestCase("www.example.lab", "*", true)]
    [TestCase("", "*", true)]
    [TestCase("", "?", false)]
    [TestCase("abc", "a*c", true)]
    [TestCase("ac", "a*c", true)]
    [TestCase("abcd", "a*c", false)]
    [TestCase("a.b", "a?b", true)]
    [TestCase("axb", "a.b", false)]
    [TestCase("a(b)[c]$", "a(b)[c]$", true)]
    [TestCase("WWW.example.lab", "www.*", false)]
    [TestCase("mississippi", "*sip*", true)]
    [TestCase("mississippi", "m*iss*ppi", true)]
    [TestCase("mississippi", "m*iss*ppx", false)]
    public void Glob_MatchesStarAndQuestionMark_AndTreatsEverythingElseLiterally(string text, string pattern, bool expected) =>
        Assert.That(ShellGlob.Matches(text, pattern), Is.EqualTo(expected));

    [Test]
    public void ManyStarsAgainstALongMiss_AnswersQuickly()
    {
        var text = new string('a', 20_000);
        var clock = Stopwatch.StartNew();

        Assert.That(ShellGlob.Matches(text, "*a*a*a*a*a*a*a*a*b"), Is.False);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
