using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FaultLab.Nodes.Origins;

namespace FaultLab.Agent.Apps;

/// <summary>The agent's updater: asks update.edge.lab for the latest build, downloads it, checks its SHA-256 and installs it.</summary>
public sealed class UpdateApp : IAgentApp
{
    public static readonly Uri Latest = new($"https://update.edge.lab{UpdateHostNode.LatestPath}");

    public string Name => "update";

    public async Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken)
    {
        var before = agent.Environment.Device.Get("agentVersion")?.GetValue<string>() ?? "";
        // The connector fetches its own updates straight from the update host, never through its tunnel.
        var direct = new AgentRoute(agent.Sockets.ConnectTcpAsync, null, null);
        var latest = await WebFetch.GetAsync(agent, Latest, cancellationToken, route: direct);
        var fields = WebFetch.Fields(latest);
        fields["installedBefore"] = before;
        if (!latest.Ok) return AppResult.Failure(Name, latest.Problem!, fields);
        JsonObject? info;
        try
        {
            info = JsonNode.Parse(latest.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            return AppResult.Failure(Name, $"{Latest} is not JSON: {e.Message}", fields);
        }
        var version = info?["version"]?.GetValue<string>();
        var url = info?["url"]?.GetValue<string>();
        var sha256 = info?["sha256"]?.GetValue<string>();
        if (version is null || url is null || sha256 is null) return AppResult.Failure(Name, $"{Latest} lacks version, url or sha256", fields);
        fields["latest"] = version;
        if (version == before) return AppResult.Success(Name, $"already up to date ({version})", fields);

        var package = await WebFetch.GetAsync(agent, new Uri(url), cancellationToken, route: direct);
        if (!package.Ok) return AppResult.Failure(Name, $"download failed: {package.Problem}", fields);
        var actual = Convert.ToHexString(SHA256.HashData(package.Bytes));
        fields["sha256"] = actual.ToLowerInvariant();
        if (!actual.Equals(sha256, StringComparison.OrdinalIgnoreCase))
            return AppResult.Failure(Name, $"the package's SHA-256 {actual.ToLowerInvariant()} does not match {sha256}: not installed", fields);
        agent.Environment.Device.Set("agentVersion", JsonValue.Create(version));
        fields["installed"] = version;
        return AppResult.Success(Name, $"updated {before} -> {version}", fields);
    }
}
