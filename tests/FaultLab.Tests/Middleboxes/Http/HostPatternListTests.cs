using FaultLab.Middleboxes.Http;

namespace FaultLab.Tests.Middleboxes.Http;

public sealed class HostPatternListTests
{
    [TestCase("idp.lab", "idp.lab", true)]
    [TestCase("idp.lab", "IDP.Lab.", true)]
    [TestCase("idp.lab", "www.idp.lab", false)]
    [TestCase("*.example.lab", "teams.example.lab", true)]
    [TestCase("*.example.lab", "a.b.example.lab", true)]
    [TestCase("*.example.lab", "example.lab", false)]
    [TestCase("*.example.lab", "badexample.lab", false)]
    public void Matches_ExactNamesAndSuffixPatterns(string pattern, string host, bool expected)
    {
        var list = new HostPatternList([pattern]);

        Assert.That(list.Matches(host), Is.EqualTo(expected));
    }

    [Test]
    public void AddRemoveList_KeepOrderAndRefuseDuplicates()
    {
        var list = new HostPatternList(["a.lab"]);

        Assert.That(list.Add("B.lab"), Is.True);
        Assert.That(list.Add("b.lab"), Is.False);
        Assert.That(list.List(), Is.EqualTo(new[] { "a.lab", "b.lab" }));
        Assert.That(list.Remove("a.lab"), Is.True);
        Assert.That(list.Remove("a.lab"), Is.False);
        Assert.That(list.List(), Is.EqualTo(new[] { "b.lab" }));
    }

    [TestCase("")]
    [TestCase("exa mple.lab")]
    [TestCase("*")]
    [TestCase("a.*.lab")]
    [TestCase("http://idp.lab")]
    public void Add_BadPattern_IsRefusedWithThePattern(string pattern)
    {
        var list = new HostPatternList();

        var error = Assert.Throws<ArgumentException>(() => list.Add(pattern))!;

        Assert.That(error.Message, Does.Contain(pattern.Length == 0 ? "must not be empty" : $"'{pattern}'"));
        Assert.That(list.List(), Is.Empty);
    }

    [Test]
    public async Task ConcurrentEdits_WhileMatching_LoseNothing()
    {
        var list = new HostPatternList();
        var names = Enumerable.Range(0, 400).Select(i => $"h{i}.lab").ToArray();

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++) list.Matches(names[i % names.Length]);
        }));
        var writers = names.Chunk(100).Select(chunk => Task.Run(() =>
        {
            foreach (var n in chunk) list.Add(n);
            foreach (var n in chunk.Where((_, i) => i % 2 == 0)) list.Remove(n);
        }));
        await Task.WhenAll(readers.Concat(writers));

        Assert.That(list.List(), Has.Count.EqualTo(200));
        Assert.That(names.Where((_, i) => i % 2 == 1).All(list.Matches), Is.True);
    }
}
