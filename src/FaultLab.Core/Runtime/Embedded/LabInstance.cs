using System.Net;
using FaultLab.Agent;
using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Nodes;
using FaultLab.Pki;
using FaultLab.Settings;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Runtime.Embedded;

/// <summary>
/// One running lab on the embedded runtime: its PKI, its world of nodes on loopback, the portal
/// policy and the laptop's device state. It owns everything it starts; disposing it frees every port.
/// </summary>
public sealed class LabInstance : IAsyncDisposable
{
    private readonly List<ILabNode> _started = [];
    private readonly ILoggerFactory _logs;

    public LabInstance(LabDefinition lab, string name, string workDirectory, ILoggerFactory logs, TimeProvider? clock = null)
    {
        Lab = lab;
        Name = name;
        WorkDirectory = workDirectory;
        _logs = logs;
        Clock = clock ?? TimeProvider.System;
        Policy = SettingsDocument.DefaultPolicy();
        Policy.Apply(lab.Policy);
        Device = SettingsDocument.DefaultDevice();
        Device.Set("network", System.Text.Json.Nodes.JsonValue.Create(lab.Network));
        Device.Apply(lab.Device);
        // Fresh fault objects per instance: bypass lists and firewall rules are edited per instance.
        var faults = new LabFileParser(FaultCatalog.Standard).Parse(lab.SourceText, lab.SourceFile).Faults;
        Faults = faults.Select(f => new FaultSwitch(f, Clock)).ToArray();
        foreach (var fault in Faults.Where(f => f.Fault is IDeviceFault))
        {
            // The laptop's state is set once: at imaging, or when a delayed start fires.
            if (fault.Active) ((IDeviceFault)fault.Fault).Apply(Device);
            else fault.Switched += ApplyDeviceFaultOnce;
        }
        World = new StandardWorld(this);
        Network = new LabNetwork(this);
    }

    public LabDefinition Lab { get; }
    public string Name { get; }
    public string WorkDirectory { get; }
    public TimeProvider Clock { get; }

    /// <summary>The admin portal's policy for this lab (what the edge's policy API serves).</summary>
    public SettingsDocument Policy { get; }

    /// <summary>The simulated laptop's state.</summary>
    public SettingsDocument Device { get; }

    public IReadOnlyList<FaultSwitch> Faults { get; }

    /// <summary>A second laptop cloned from the same image, in labs with a cloned identity; null otherwise.</summary>
    public TwinLaptop? Twin { get; private set; }

    /// <summary>The simulated client connector on the laptop; null until the instance started.</summary>
    public AgentService? Agent { get; private set; }

    /// <summary>The laptop's network: links to every node, with middleboxes where faults act.</summary>
    public LabNetwork Network { get; }

    /// <summary>The typed nodes of this instance.</summary>
    public StandardWorld World { get; }

    /// <summary>The faults attached to a link or node, by its name.</summary>
    public LinkFaults FaultsOn(string linkOrNode) =>
        new(linkOrNode, Faults.Where(f => f.Fault.AttachedTo == linkOrNode || f.Fault.Target == FaultTarget.Network).ToArray());
    public LabDirectory Directory { get; } = new();
    public LabPki? Pki { get; private set; }
    public IReadOnlyDictionary<string, string> PkiFiles { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<ILabNode> Nodes => _started;

    /// <summary>Generates the PKI and starts every node, reporting each step.</summary>
    public async Task StartAsync(IProgress<string> progress, CancellationToken cancellationToken)
    {
        progress.Report("generating the lab PKI");
        Pki = LabPki.Create(Name, Clock.GetUtcNow());
        PkiFiles = Pki.ExportPublic(Path.Combine(WorkDirectory, "pki"));
        var context = new NodeContext(Name, Pki, Directory, IPAddress.Loopback, _logs, Clock);

        foreach (var node in World.Nodes())
        {
            progress.Report($"starting {node.Name}");
            _started.Add(node);
            await node.StartAsync(context, cancellationToken);
        }
        foreach (var fault in Faults.Where(f => f.Fault is INodeFault))
        {
            ((INodeFault)fault.Fault).Apply(this, fault.Active);
            fault.Switched += s => ((INodeFault)s.Fault).Apply(this, s.Active);
        }
        ImportIdpMetadata();
        // The office intranet's name: only the office resolver answers it; trusted-network criteria use it.
        Directory.RegisterHost("intranet.corp.lab", IPAddress.Loopback);
        progress.Report($"{_started.Count} nodes up");

        foreach (var captive in Faults.Select(f => f.Fault).OfType<Faults.Kinds.CaptivePortalFault>())
            captive.IsSignedIn = World.Portal.IsSignedIn;
        progress.Report("building the links");
        await Network.StartAsync(context, World.Portal.IsSignedIn, cancellationToken);
        progress.Report($"{Network.Endpoints.Count} middlebox endpoints on the faulty links");

        if (Faults.FirstOrDefault(f => f.Fault is Faults.Kinds.ClonedIdentityFault) is { } clone)
            Twin = new TwinLaptop(this, clone);

        // Instance time starts now for delayed faults: the laptop boots healthy and the fault arrives later.
        foreach (var fault in Faults.Where(f => f.Pending))
        {
            fault.StartCountdown();
            progress.Report($"{fault.Fault.Kind} switches on in {fault.Fault.StartAfterSeconds:0.#} s");
        }
        progress.Report("starting the agent on the laptop");
        Agent = new AgentService(AgentEnvironment.ForLab(this, Network));
        await Agent.StartAsync(cancellationToken);
    }

    private void ApplyDeviceFaultOnce(FaultSwitch fault)
    {
        if (!fault.Active) return;
        fault.Switched -= ApplyDeviceFaultOnce;
        ((IDeviceFault)fault.Fault).Apply(Device);
    }

    /// <summary>The portal imports the IdP's current signing certificate into policy, as an admin re-importing metadata does.</summary>
    public void ImportIdpMetadata()
    {
        var pki = Pki ?? throw new InvalidOperationException("the lab PKI is not generated yet");
        Policy.Set("idp.signingCertificate", System.Text.Json.Nodes.JsonValue.Create(pki.IdpSigning.ExportCertificatePem()));
        File.WriteAllText(PkiFiles["idp-signing"], pki.IdpSigning.ExportCertificatePem() + "\n");
    }

    public IReadOnlyList<NodeStatus> NodeStatuses() =>
        [.. _started.Select(n => new NodeStatus(n.Name, n.Role, n.Endpoints)), .. Network.Endpoints.Count == 0 ? [] : new[] { new NodeStatus("links", "middlebox", Network.Endpoints) }];

    public IReadOnlyList<FaultStatus> FaultStatuses() =>
        Faults.Select(f => new FaultStatus(f.Fault.Kind, f.Fault.Owner.ToString().ToLowerInvariant(),
            f.Fault.Target.ToString().ToLowerInvariant(), f.Fault.AttachedTo, f.Active, f.Describe())).ToArray();

    public async ValueTask DisposeAsync()
    {
        // A delayed start must not fire into middleboxes and nodes that are going away.
        foreach (var fault in Faults) fault.CancelDelayedStart();
        if (Agent is not null) await Agent.DisposeAsync();
        if (Twin is not null) await Twin.DisposeAsync();
        await Network.DisposeAsync();
        for (var i = _started.Count - 1; i >= 0; i--)
            await _started[i].DisposeAsync();
        _started.Clear();
        Pki?.Dispose();
    }
}
