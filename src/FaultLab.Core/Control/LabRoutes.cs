using FaultLab.Runtime.Embedded;
using FaultLab.Verify;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>The lab's own verbs: verify (anyone), the next hint (anyone, recorded), the reference solution (instructor).</summary>
public sealed class LabRoutes : IControlRoutes
{
    public void Map(RouteGroupBuilder v1, InstanceHost host)
    {
        v1.MapPost("/verify", async (HttpContext http) =>
        {
            var instance = host.Instance;
            var report = await new VerifyRunner(new VerifyOptions { Clock = instance.Clock })
                .RunAsync(instance.Lab, instance.Name, new InstanceVerifyContext(instance), http.RequestAborted);
            host.Progress.Recorded(report);
            await http.Response.WriteAsJsonAsync(report, ControlApi.Json);
        });

        // A trainee hands in this file; it is signed with the instructor key, so it cannot be forged.
        v1.MapPost("/result", async (HttpContext http) =>
        {
            var instance = host.Instance;
            var report = await new VerifyRunner(new VerifyOptions { Clock = instance.Clock })
                .RunAsync(instance.Lab, instance.Name, new InstanceVerifyContext(instance), http.RequestAborted);
            host.Progress.Recorded(report);
            var p = host.Progress;
            var result = new Grading.TraineeResult(instance.Name, instance.Lab.Id, instance.Name, p.StartedAt, p.FirstPassedAt, p.HintsUsed, p.VerifyAttempts, report);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(new Grading.ResultFileSigner(Grading.ResultFile.KeyFromText(host.InstructorKey)).Export(result));
        });

        // The guide's diagnostics, run from the laptop through its current network.
        v1.MapPost("/probe/{kind}", async (HttpContext http, string kind, ProbeRequest request) =>
        {
            if (new InstanceVerifyContext(host.Instance).Agent is not { } probe)
            {
                await ControlApi.Problem(http, StatusCodes.Status503ServiceUnavailable, "the laptop has no agent running");
                return;
            }
            var result = await probe.ProbeAsync(kind, new Dictionary<string, string> { ["target"] = request.Target }, http.RequestAborted);
            await http.Response.WriteAsJsonAsync(result, ControlApi.Json);
        });

        v1.MapPost("/hint", async (HttpContext http) =>
        {
            var hints = host.Instance.Lab.Hints;
            var index = host.Progress.TakeHint(hints.Count);
            await http.Response.WriteAsJsonAsync(index is { } i
                ? new HintAnswer(i + 1, hints.Count, hints[i])
                : new HintAnswer(hints.Count, hints.Count, null), ControlApi.Json);
        });

        v1.MapGet("/solution", async (HttpContext http) =>
        {
            if (await ControlApi.RefuseUnlessInstructor(http, "reading the solution")) return;
            await http.Response.WriteAsJsonAsync(new SolutionAnswer(host.Instance.Lab.Id, host.Instance.Lab.Diagnosis, host.Instance.Lab.Solution), ControlApi.Json);
        });
    }
}
