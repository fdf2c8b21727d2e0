using FaultLab.Nodes.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace FaultLab.Tests.Nodes.Web;

public sealed class QuietWebBuilderTests
{
    /// <summary>A lab host runs dozens of web servers; a file watcher each would exhaust the user's inotify instances (128 by default).</summary>
    [Test]
    [NonParallelizable]
    public async Task RunningServers_HoldNoFileWatchers()
    {
        if (!Directory.Exists("/proc/self/fd")) Assert.Ignore("counting inotify instances needs Linux /proc");
        var before = InotifyInstances();

        var servers = new List<WebApplication>();
        for (var i = 0; i < 5; i++)
        {
            var builder = QuietWebBuilder.Create();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            await app.StartAsync();
            servers.Add(app);
        }
        var running = InotifyInstances();
        foreach (var app in servers) await app.DisposeAsync();

        Assert.That(running, Is.EqualTo(before), "five running servers opened inotify instances");
    }

    private static int InotifyInstances() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget?.Contains("inotify", StringComparison.Ordinal) == true);
}
