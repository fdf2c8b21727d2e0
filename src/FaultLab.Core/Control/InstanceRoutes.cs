using FaultLab.Runtime.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>Status and shutdown of the instance.</summary>
public sealed class InstanceRoutes : IControlRoutes
{
    public void Map(RouteGroupBuilder v1, InstanceHost host)
    {
        v1.MapGet("/status", (HttpContext http) =>
        {
            var status = host.Status();
            // The fault list is the diagnosis: trainees do not see it.
            return ControlApi.RoleOf(http) == ControlRole.Instructor ? Results.Json(status, ControlApi.Json) : Results.Json(status with { Faults = null }, ControlApi.Json);
        });

        v1.MapPost("/down", async (HttpContext http) =>
        {
            if (await ControlApi.RefuseUnlessInstructor(http, "taking an instance down")) return;
            host.RequestStop();
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        });
    }
}
