namespace FaultLab.Verify;

/// <summary>
/// The port through which verify checks observe the simulated client connector of one laptop.
/// The agent implements it; every call reads or exercises the agent as it is now and never changes
/// its configuration. Calls may throw when the agent cannot answer (the check then fails with the
/// exception's message), and must honour the cancellation token because every check has a timeout.
/// </summary>
public interface IAgentProbe
{
    /// <summary>The agent's status as its tray window shows it.</summary>
    Task<AgentStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one app of the laptop through the agent (<c>browser</c>, <c>ipcheck</c>, <c>teams</c>,
    /// <c>ssh</c>, <c>hr</c>, <c>update</c>) and reports what the user would see. An app that fails
    /// returns <see cref="AppResult.Ok"/> false with a summary; it does not throw.
    /// </summary>
    Task<AppResult> RunAppAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one of the guide's diagnostics from the laptop: <paramref name="kind"/> is one of
    /// tcp, udp, dns, tls, http, mtu, ipcheck; <paramref name="arguments"/> holds the probe's target
    /// under <c>target</c> (e.g. a URL for http, <c>host:port</c> for tcp/udp/tls) plus any named
    /// arguments the lab gives (e.g. <c>host</c>, <c>port</c>). A failed probe returns Ok false; it does not throw.
    /// </summary>
    Task<ProbeResult> ProbeAsync(string kind, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Full path of the zip the last "export logs" wrote, or null when the trainee has not exported
    /// one. The zip holds the agent log as an entry named <c>agent*.log</c> and the captures as
    /// classic libpcap <c>*.pcap</c> entries; the file's last-write time is taken as the export time.
    /// </summary>
    string? ExportedBundlePath { get; }
}
