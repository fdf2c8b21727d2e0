using FaultLab.Labs;

namespace FaultLab.Tests.Labs;

public sealed class LabCatalogTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "faultlab-catalog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "labs"));
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, "labs", name), text);

    [Test]
    public void ShippedCatalogue_LoadsWithoutErrors()
    {
        var catalog = LabCatalog.Load(RepositoryLabs());
        Assert.That(catalog.Errors, Is.Empty, string.Join("\n", catalog.Errors));
        Assert.That(catalog.Labs.Select(l => l.Id), Does.Contain("tunnel-udp-blocked").And.Contain("captive-portal"));
    }

    [Test]
    public void DuplicateId_IsRefusedInTheLaterFile_AndTheRestStillLoads()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryLabs(), "tunnel-udp-blocked.yaml"));
        Write("a.yaml", text);
        Write("b.yaml", "# copy\n" + text);
        Write("c.yaml", File.ReadAllText(Path.Combine(RepositoryLabs(), "captive-portal.yaml")));

        var catalog = LabCatalog.Load(Path.Combine(_dir, "labs"));

        Assert.That(catalog.Labs.Select(l => l.Id), Is.EqualTo(new[] { "tunnel-udp-blocked", "captive-portal" }));
        Assert.That(catalog.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "labs/b.yaml:2:1: duplicate lab id 'tunnel-udp-blocked' (already defined in labs/a.yaml)",
        }));
    }

    [Test]
    public void BrokenFile_IsReported_AndTheRestStillLoads()
    {
        Write("broken.yaml", "id: [unclosed\n");
        Write("good.yaml", File.ReadAllText(Path.Combine(RepositoryLabs(), "captive-portal.yaml")));

        var catalog = LabCatalog.Load(Path.Combine(_dir, "labs"));

        Assert.That(catalog.Labs.Single().Id, Is.EqualTo("captive-portal"));
        Assert.That(catalog.Errors.Single().File, Is.EqualTo("labs/broken.yaml"));
    }

    internal static string RepositoryLabs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaultLab.sln"))) return Path.Combine(dir.FullName, "labs");
        throw new DirectoryNotFoundException("the repository's labs directory");
    }
}
