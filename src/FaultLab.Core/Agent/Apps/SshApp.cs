using System.Text;
using FaultLab.World;

namespace FaultLab.Agent.Apps;

/// <summary>An SSH client: connects to ssh.example.lab:22 and reads the server's identification line.</summary>
public sealed class SshApp : IAgentApp
{
    public const string Host = "ssh.example.lab";
    public const int Port = 22;

    public string Name => "ssh";

    public async Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken)
    {
        var route = await agent.RouteForAsync(Host, Port, cancellationToken: cancellationToken);
        var fields = new Dictionary<string, string> { ["route"] = route.Description };
        if (route.Blocked) return AppResult.Failure(Name, $"traffic to {Host} is blocked: {route.BlockedReason}", fields);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(agent.Environment.Timeouts.HttpRequest);
        try
        {
            await using var stream = await route.Connect!(Host, Port, deadline.Token);
            var banner = await ReadLineAsync(stream, deadline.Token);
            if (banner is null) return AppResult.Failure(Name, $"{Host}:{Port} closed the connection without a banner", fields);
            fields["banner"] = banner;
            return banner.StartsWith("SSH-", StringComparison.Ordinal)
                ? AppResult.Success(Name, $"connected: {banner}", fields)
                : AppResult.Failure(Name, $"not an SSH server: {banner}", fields);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or Tunnel.TunnelOpenException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return AppResult.Failure(Name, e is OperationCanceledException
                ? $"{Host}:{Port} did not answer within {agent.Environment.Timeouts.HttpRequest.TotalSeconds:0.#} s"
                : $"{Host}:{Port}: {e.Message}", fields);
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 255)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) return line.Count == 0 ? null : Encoding.ASCII.GetString(line.ToArray());
            if (one[0] == '\n') break;
            if (one[0] != '\r') line.Add(one[0]);
        }
        return Encoding.ASCII.GetString(line.ToArray());
    }
}
