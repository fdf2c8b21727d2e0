using FaultLab.Agent;

namespace FaultLab.Tests.Agent;

/// <summary>Waits for the agent's status to reach a state, polling until a deadline; fails with the last status seen.</summary>
internal static class StatusPolling
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(8);

    public static async Task<AgentStatus> UntilAsync(AgentService agent, Func<AgentStatus, bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        var status = agent.Status();
        while (!condition(status))
        {
            if (DateTime.UtcNow > until)
                Assert.Fail($"the agent never reached: {what}. Last status: auth {status.Authentication}, tunnel {status.Tunnel}, " +
                            $"IS {status.InternetSecurity}, PA {status.PrivateAccess}, last error: {status.LastError}\n" +
                            string.Join("\n", status.Events.Select(e => e.Message)));
            // Polling an observable state, not waiting for readiness blindly.
            await Task.Delay(50);
            status = agent.Status();
        }
        return status;
    }

    public static Task<AgentStatus> UntilHealthyAsync(AgentService agent) =>
        UntilAsync(agent, s => s.Authentication == "Authenticated" && s.Tunnel.StartsWith("Established", StringComparison.Ordinal)
                               && s.InternetSecurity == "On", "Authenticated with the tunnel established");
}
