using System.Security.Cryptography.X509Certificates;
using FaultLab.Runtime.Embedded;
using FaultLab.Settings;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>Everything the agent gets from the laptop it runs on and the lab around it.</summary>
/// <param name="Network">How the laptop reaches lab services.</param>
/// <param name="Device">The laptop's state (clock offset, services, posture facts, device id).</param>
/// <param name="LabRoot">The lab root the laptop trusts.</param>
/// <param name="PinnedOrigin">The only CA the Teams app accepts for its origin.</param>
/// <param name="WorldClock">The world's time; the device clock is it plus device.clockOffsetSeconds.</param>
/// <param name="Edges">The edges to choose from, nearest first.</param>
/// <param name="LogDirectory">Where agent.log and captures are written.</param>
public sealed record AgentEnvironment(
    ILaptopNetwork Network,
    SettingsDocument Device,
    X509Certificate2 LabRoot,
    X509Certificate2 PinnedOrigin,
    TimeProvider WorldClock,
    IReadOnlyList<AgentEdgeCandidate> Edges,
    string LogDirectory)
{
    /// <summary>The sign-in the agent performs at the IdP for the device's user.</summary>
    public AgentCredentials Credentials { get; init; } = AgentCredentials.Alice;

    /// <summary>The IdP signing certificate when the policy does not carry idp.signingCertificate.</summary>
    public Func<X509Certificate2>? IdpSigningCertificate { get; init; }

    /// <summary>Named timeouts and back-off of the agent's loop.</summary>
    public AgentTimeouts Timeouts { get; init; } = new();

    /// <summary>
    /// The agent of a started lab instance: its laptop network (direct to every node when
    /// <paramref name="network"/> is null), device state, PKI, clock and edges; logs under the instance's work directory.
    /// </summary>
    public static AgentEnvironment ForLab(LabInstance instance, ILaptopNetwork? network = null)
    {
        var pki = instance.Pki ?? throw new InvalidOperationException("the lab is not started: it has no PKI yet");
        var profile = NetworkProfile.Find(instance.Device.Get("network")?.GetValue<string>() ?? "") ?? NetworkProfile.All[0];
        return new AgentEnvironment(
            network ?? new DirectLaptopNetwork(instance.Directory, profile),
            instance.Device,
            pki.Root.Certificate,
            pki.PinnedOrigin.Certificate,
            instance.Clock,
            instance.World.Edges.Select(e => new AgentEdgeCandidate(e.Name, e.Options.GatewayHost)).ToArray(),
            Path.Combine(instance.WorkDirectory, "agent"))
        {
            IdpSigningCertificate = () => pki.IdpSigning,
        };
    }
}
