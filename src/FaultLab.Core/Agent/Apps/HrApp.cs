using FaultLab.Nodes.Origins;

namespace FaultLab.Agent.Apps;

/// <summary>The private HR app: reachable only through the tunnel with Private Access On (so posture and the broker's device validation gate it).</summary>
public sealed class HrApp : IAgentApp
{
    public static readonly Uri Home = new("https://hr.corp.lab/");

    public string Name => "hr";

    public async Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken)
    {
        // Each private-access request asks the broker again unless its last validation still holds.
        await agent.PrivateAccessValidation.RevalidateAsync(retryFailureNow: true, cancellationToken);
        if (agent.PrivateAccessProblem() is { } problem)
            return AppResult.Failure(Name, $"access denied: Private Access is Off: {problem}", new Dictionary<string, string> { ["privateAccess"] = "Off", ["reason"] = problem });
        var route = await agent.RouteForAsync(Home.Host, cancellationToken: cancellationToken);
        if (route.Tunnel is null)
            return AppResult.Failure(Name, "access denied: the private app is reachable only through the tunnel", new Dictionary<string, string> { ["route"] = route.Description });
        var outcome = await WebFetch.GetAsync(agent, Home, cancellationToken, route: route);
        var fields = WebFetch.Fields(outcome);
        fields["privateAccess"] = "On";
        if (!outcome.Ok) return AppResult.Failure(Name, outcome.Problem!, fields);
        return outcome.Body.Contains(PrivateAppNode.PageTitle, StringComparison.Ordinal)
            ? AppResult.Success(Name, $"{PrivateAppNode.PageTitle} loaded ({outcome.Route})", fields)
            : AppResult.Failure(Name, "the page is not the HR portal", fields);
    }
}
