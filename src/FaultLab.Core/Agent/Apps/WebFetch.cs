using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Agent.Apps;

/// <summary>One HTTP GET an app makes through the agent's route for the host, with a one-line outcome.</summary>
public static class WebFetch
{
    public sealed record Outcome(bool Ok, int Status, string Body, byte[] Bytes, string Route, string? Problem, string? Issuer = null);

    public static async Task<Outcome> GetAsync(AgentService agent, Uri url, CancellationToken cancellationToken, X509Certificate2? trustRoot = null, AgentRoute? route = null)
    {
        route ??= await agent.RouteForAsync(url.Host, url.Port, cancellationToken: cancellationToken);
        if (route.Blocked) return new Outcome(false, 0, "", [], route.Description, $"traffic to {url.Host} is blocked: {route.BlockedReason}");
        using var http = agent.Http(route.Connect!, trustRoot);
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var body = System.Text.Encoding.UTF8.GetString(bytes);
            return response.IsSuccessStatusCode
                ? new Outcome(true, (int)response.StatusCode, body, bytes, route.Description, null, http.LastIssuer)
                : new Outcome(false, (int)response.StatusCode, body, bytes, route.Description, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", http.LastIssuer);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, 0, "", [], route.Description, $"{url}: {http.Describe(e)}", http.LastIssuer);
        }
    }

    public static Dictionary<string, string> Fields(Outcome outcome)
    {
        var fields = new Dictionary<string, string>
        {
            ["route"] = outcome.Route,
            ["status"] = outcome.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (outcome.Issuer is { } issuer) fields["issuer"] = issuer;
        return fields;
    }
}
