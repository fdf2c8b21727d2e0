using System.Text.RegularExpressions;
using FaultLab.Nodes.Edge;

namespace FaultLab.Agent.Apps;

/// <summary>The ip-check page (http://ip.edge.lab/): says whether traffic goes through an edge, and which city.</summary>
public sealed partial class IpCheckApp : IAgentApp
{
    public static readonly Uri Page = new($"http://{IpCheckNode.Host}/");

    public string Name => "ipcheck";

    public async Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken)
    {
        var outcome = await WebFetch.GetAsync(agent, Page, cancellationToken);
        var fields = WebFetch.Fields(outcome);
        if (!outcome.Ok) return AppResult.Failure(Name, outcome.Problem!, fields);
        var text = outcome.Body.Trim();
        fields["text"] = text;
        var connected = ConnectedPattern().Match(text);
        if (connected.Success)
        {
            fields["connected"] = "true";
            fields["city"] = connected.Groups["city"].Value;
            fields["cloud"] = connected.Groups["cloud"].Value;
            return AppResult.Success(Name, $"connected through the edge in {fields["city"]}", fields);
        }
        fields["connected"] = "false";
        return text == IpCheckNode.NotConnectedText
            ? AppResult.Failure(Name, "NOT going through the edge service", fields)
            : AppResult.Failure(Name, $"unexpected page text: {text}", fields);
    }

    [GeneratedRegex(@"^You are accessing the Internet via FaultLab Edge: (?<city>.+) in the (?<cloud>.+) cloud\.$")]
    private static partial Regex ConnectedPattern();
}
