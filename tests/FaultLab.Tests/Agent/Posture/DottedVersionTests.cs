using FaultLab.Agent.Posture;

namespace FaultLab.Tests.Agent.Posture;

public class DottedVersionTests
{
    [TestCase("4.4.0.250", "4.5.0.300", -1)]
    [TestCase("4.10", "4.9.9", 1)]
    [TestCase("10.0", "10.0.0.0", 0)]
    [TestCase("1.2.3", "1.2.3", 0)]
    public void Versions_CompareAsNumbers(string a, string b, int expected)
    {
        Assert.That(Math.Sign(DottedVersion.Parse(a).CompareTo(DottedVersion.Parse(b))), Is.EqualTo(expected));
        Assert.That(DottedVersion.Parse(a) == DottedVersion.Parse(b), Is.EqualTo(expected == 0));
    }

    [Test]
    public void EqualVersions_WithTrailingZeros_HashAlike() =>
        Assert.That(DottedVersion.Parse("10.0").GetHashCode(), Is.EqualTo(DottedVersion.Parse("10.0.0").GetHashCode()));

    [TestCase("")]
    [TestCase("10..1")]
    [TestCase("10.0.x")]
    [TestCase("-1.0")]
    [TestCase("10.0.19045 ")]
    public void TextThatIsNoDottedNumberList_DoesNotParse(string text)
    {
        var ok = DottedVersion.TryParse(text, out _);

        Assert.That(ok, Is.EqualTo(text == "10.0.19045 "), "surrounding spaces are trimmed, nothing else is forgiven");
    }
}
