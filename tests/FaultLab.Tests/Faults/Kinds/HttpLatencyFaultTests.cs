using System.Diagnostics;
using System.Net;
using FaultLab.Faults.Kinds;
using FaultLab.Tests.Middleboxes.Http;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class HttpLatencyFaultTests : HttpLabFixture
{
    [Test]
    public async Task EachRequest_WaitsAtLeastTheLatency_ThenIsForwarded()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new HttpLatencyFault { LatencyMs = 400 });
        using var client = HttpLab.ProxiedClient(box);

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("http://idp.lab/");
        watch.Stop();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(400));
        Assert.That(switches[0].Counts["delayed"], Is.EqualTo(1));
    }

    [Test]
    public async Task SwitchedOff_AddsNoDelay()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new HttpLatencyFault { LatencyMs = 5000 });
        switches[0].Active = false;
        using var client = HttpLab.ProxiedClient(box);

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("http://idp.lab/");

        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(4000));
        Assert.That(switches[0].Counts.ContainsKey("delayed"), Is.False);
    }

    [TestCase("latencyMs: 0", "1:1: fault 'http-latency': 'latencyMs' must be between 1 and 120000, got 0")]
    [TestCase("latencyMs: fast", "3:12: 'latencyMs' of fault 'http-latency' must be an integer, got 'fast'")]
    public void BadLatency_IsRefusedWithTheLocatedMessage(string parameter, string message)
    {
        var error = FaultYaml.ErrorOf($"kind: http-latency\nlink: internet\n{parameter}\n");

        Assert.That(error, Does.StartWith($"{FaultYaml.File}:{message}"));
    }
}
