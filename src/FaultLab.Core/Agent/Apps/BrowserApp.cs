namespace FaultLab.Agent.Apps;

/// <summary>The browser: opens https://www.example.lab/.</summary>
public sealed class BrowserApp : IAgentApp
{
    public static readonly Uri Home = new("https://www.example.lab/");

    public string Name => "browser";

    public async Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken)
    {
        var outcome = await WebFetch.GetAsync(agent, Home, cancellationToken);
        return outcome.Ok
            ? AppResult.Success(Name, $"{Home} loaded ({outcome.Bytes.Length} bytes, {outcome.Route})", WebFetch.Fields(outcome))
            : AppResult.Failure(Name, outcome.Problem!, WebFetch.Fields(outcome));
    }
}
