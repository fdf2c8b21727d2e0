using FaultLab.Agent;
using FaultLab.Runtime.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>
/// The agent on the laptop over the control API (trainee and instructor alike): GET /v1/agent/status,
/// POST /v1/agent/actions/{action} with {"args": [...]}, POST /v1/agent/apps/{name}.
/// </summary>
public sealed class AgentRoutes(Func<LabInstance, AgentService?> agentOf) : IControlRoutes
{
    public void Map(RouteGroupBuilder v1, InstanceHost host)
    {
        v1.MapGet("/agent/status", async (HttpContext http) =>
        {
            if (await AgentOrProblemAsync(http, host) is { } agent)
                await http.Response.WriteAsJsonAsync(agent.Status(), ControlApi.Json, http.RequestAborted);
        });

        v1.MapPost("/agent/actions/{action}", async (HttpContext http, string action) =>
        {
            if (await AgentOrProblemAsync(http, host) is not { } agent) return;
            var request = http.Request.ContentLength is > 0
                ? await http.Request.ReadFromJsonAsync<AgentActionRequest>(ControlApi.Json, http.RequestAborted)
                : null;
            try
            {
                var result = await agent.RunActionAsync(action, request?.Args ?? [], http.RequestAborted);
                await http.Response.WriteAsJsonAsync(result, ControlApi.Json, http.RequestAborted);
            }
            catch (ArgumentException e)
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest, $"agent: {e.Message}");
            }
        });

        v1.MapPost("/agent/apps/{name}", async (HttpContext http, string name) =>
        {
            if (await AgentOrProblemAsync(http, host) is not { } agent) return;
            try
            {
                var result = await agent.RunAppAsync(name, http.RequestAborted);
                await http.Response.WriteAsJsonAsync(result, ControlApi.Json, http.RequestAborted);
            }
            catch (ArgumentException e)
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest, $"agent: {e.Message}");
            }
        });
    }

    private async Task<AgentService?> AgentOrProblemAsync(HttpContext http, InstanceHost host)
    {
        if (agentOf(host.Instance) is { } agent) return agent;
        await ControlApi.Problem(http, StatusCodes.Status503ServiceUnavailable, $"instance '{host.Instance.Name}' runs no agent");
        return null;
    }
}
