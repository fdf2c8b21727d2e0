using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FaultLab.Nodes.Origins;

namespace FaultLab.Tests.Nodes.Origins;

public sealed class UpdateHostNodeTests
{
    [Test]
    public async Task Latest_DescribesTheTargetBuild_AndThePackageMatchesItsSha256()
    {
        using var world = new TestNodeContext();
        await using var update = new UpdateHostNode(new UpdateHostOptions { TargetVersion = "4.5.0.300", PackageSizeBytes = 100_000 });
        await update.StartAsync(world.Context, CancellationToken.None);
        using var client = LabHttpClient.Create(world.Directory, world.Pki.Root.Certificate);

        var latest = JsonDocument.Parse(await client.GetStringAsync("https://update.edge.lab/api/v1/latest")).RootElement;
        var url = latest.GetProperty("url").GetString()!;
        var package = await client.GetByteArrayAsync(url);

        Assert.That(latest.GetProperty("version").GetString(), Is.EqualTo("4.5.0.300"));
        Assert.That(url, Does.StartWith("https://update.edge.lab/"));
        Assert.That(package, Has.Length.EqualTo(latest.GetProperty("size").GetInt32()).And.Length.EqualTo(100_000));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(package)), Is.EqualTo(latest.GetProperty("sha256").GetString()));
        Assert.That(update.Downloads, Is.EqualTo(1));
    }

    [Test]
    public async Task UnknownPackage_IsNotFound()
    {
        using var world = new TestNodeContext();
        await using var update = new UpdateHostNode();
        await update.StartAsync(world.Context, CancellationToken.None);
        using var client = LabHttpClient.Create(world.Directory, world.Pki.Root.Certificate);

        using var response = await client.GetAsync("https://update.edge.lab/packages/faultlab-connector-1.0.0.0.pkg");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Package_IsTheSameForAVersionAndDiffersBetweenVersions()
    {
        var first = UpdatePackage.For("4.5.0.300", 4096);
        var again = UpdatePackage.For("4.5.0.300", 4096);
        var other = UpdatePackage.For("4.5.0.301", 4096);

        Assert.That(again.Sha256, Is.EqualTo(first.Sha256));
        Assert.That(other.Sha256, Is.Not.EqualTo(first.Sha256));
        Assert.That(first.Content.ToArray().Distinct().Count(), Is.GreaterThan(200), "filler should look like a binary, not zeros");
    }
}
