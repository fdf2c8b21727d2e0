using System.Net;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Http;
using FaultLab.Tests.Middleboxes.Http;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class HttpErrorFaultTests : HttpLabFixture
{
    [Test]
    public async Task Status503AtFullRate_Answers503_UntilSwitchedOff()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new HttpErrorFault { Status = 503 });
        using var client = HttpLab.ProxiedClient(box);

        using (var failed = await client.GetAsync("http://idp.lab/"))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await failed.Content.ReadAsStringAsync(), Is.EqualTo("503 Service Unavailable\n"));
        }
        switches[0].Active = false;
        using (var restored = await client.GetAsync("http://idp.lab/"))
        {
            Assert.That(restored.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await restored.Content.ReadAsStringAsync(), Is.EqualTo("hello from idp.lab over http"));
        }
        Assert.That(switches[0].Counts["answered 503"], Is.EqualTo(1));
        Assert.That(box.Counters[HttpMiddleboxEvent.AnsweredByFault], Is.EqualTo(1));
        Assert.That(box.Counters[HttpMiddleboxEvent.Forwarded], Is.EqualTo(1));
    }

    [Test]
    public async Task OverResignedTls_AnswersTheErrorToo()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge }, new HttpErrorFault { Status = 500 });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);

        using var response = await client.GetAsync("https://idp.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task PathPrefix_LimitsTheErrorToThatPath()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new HttpErrorFault { Status = 404, PathPrefix = "/whoami" });
        using var client = HttpLab.ProxiedClient(box);

        using var hit = await client.GetAsync("http://idp.lab/whoami");
        using var miss = await client.GetAsync("http://idp.lab/");

        Assert.That(hit.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(miss.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task PartialRate_SameSeedGivesTheSameDecisions()
    {
        async Task<string> RunAsync()
        {
            var (box, _) = await Lab.StartMiddleboxAsync(new HttpErrorFault { Status = 502, RatePercent = 50, Seed = 42 });
            using var client = HttpLab.ProxiedClient(box);
            var outcomes = new List<char>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await client.GetAsync("http://idp.lab/");
                outcomes.Add(response.StatusCode == HttpStatusCode.OK ? '.' : 'x');
            }
            await Lab.StopMiddleboxesAsync();
            return new string([.. outcomes]);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Count(c => c == 'x'), Is.InRange(10, 30), first);
    }

    [TestCase("status: 200", "1:1: fault 'http-error': 'status' must be an HTTP error status between 400 and 599, got 200")]
    [TestCase("ratePercent: 0", "1:1: fault 'http-error': 'ratePercent' must be more than 0 and at most 100, got 0")]
    [TestCase("ratePercent: 150", "1:1: fault 'http-error': 'ratePercent' must be more than 0 and at most 100, got 150")]
    [TestCase("pathPrefix: saml", "1:1: fault 'http-error': 'pathPrefix' must start with '/', got 'saml'")]
    [TestCase("statuss: 503", "3:1: unknown key 'statuss' in fault 'http-error' (did you mean 'status'?)")]
    public void BadParameter_IsRefusedWithTheLocatedMessage(string parameter, string message)
    {
        var error = FaultYaml.ErrorOf($"kind: http-error\nlink: internet\n{parameter}\n");

        Assert.That(error, Does.StartWith($"{FaultYaml.File}:{message}"));
    }

    [Test]
    public void Bind_Defaults_AreEveryRequestWith503()
    {
        var fault = FaultYaml.Bind<HttpErrorFault>("kind: http-error\nlink: internet\n");

        Assert.That((fault.Status, fault.RatePercent, fault.PathPrefix), Is.EqualTo((503, 100.0, "")));
    }
}
