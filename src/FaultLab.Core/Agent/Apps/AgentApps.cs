namespace FaultLab.Agent.Apps;

/// <summary>The laptop's apps by name.</summary>
public sealed class AgentApps
{
    private readonly Dictionary<string, IAgentApp> _apps;

    public AgentApps(IEnumerable<IAgentApp>? apps = null)
    {
        _apps = (apps ?? [new BrowserApp(), new IpCheckApp(), new TeamsApp(), new SshApp(), new HrApp(), new UpdateApp()])
            .ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string> Names => _apps.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool Contains(string name) => _apps.ContainsKey(name);

    public async Task<AppResult> RunAsync(string name, AgentService agent, CancellationToken cancellationToken)
    {
        if (!_apps.TryGetValue(name, out var app))
            throw new ArgumentException($"unknown app '{name}'{Labs.NameSuggester.Hint(name, Names)} (apps: {string.Join(", ", Names)})", nameof(name));
        var result = await app.RunAsync(agent, cancellationToken);
        agent.Log.Add($"app {result.Name}: {(result.Ok ? "ok" : "FAILED")}: {result.Summary}");
        return result;
    }
}
