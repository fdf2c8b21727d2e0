using FaultLab.Runtime.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>Instructor-only: list the instance's faults with what they did, and switch them on or off.</summary>
public sealed class FaultRoutes : IControlRoutes
{
    public void Map(RouteGroupBuilder v1, InstanceHost host)
    {
        v1.MapGet("/faults", async (HttpContext http) =>
        {
            if (await ControlApi.RefuseUnlessInstructor(http, "listing faults")) return;
            await http.Response.WriteAsJsonAsync(host.Instance.Faults.Select(FaultReport.Of), ControlApi.Json);
        });

        v1.MapPost("/faults/{kind}/{state}", async (HttpContext http, string kind, string state) =>
        {
            if (await ControlApi.RefuseUnlessInstructor(http, "switching faults")) return;
            if (state is not ("on" or "off"))
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest, $"a fault is switched 'on' or 'off', not '{state}'");
                return;
            }
            var matching = host.Instance.Faults.Where(f => f.Fault.Kind == kind).ToArray();
            if (matching.Length == 0)
            {
                var kinds = host.Instance.Faults.Select(f => f.Fault.Kind).Distinct().ToArray();
                await ControlApi.Problem(http, StatusCodes.Status404NotFound,
                    $"this lab has no fault '{kind}'{Labs.NameSuggester.Hint(kind, kinds)}; it has: {(kinds.Length == 0 ? "none" : string.Join(", ", kinds))}");
                return;
            }
            foreach (var fault in matching) fault.Active = state == "on";
            await http.Response.WriteAsJsonAsync(matching.Select(FaultReport.Of), ControlApi.Json);
        });
    }
}
