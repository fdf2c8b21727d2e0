using FaultLab.Control;
using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Runtime;
using FaultLab.Runtime.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Support;

/// <summary>A lab instance up in this process with a private state directory, for tests that use its endpoints.</summary>
public sealed class RunningLab : IAsyncDisposable
{
    private readonly string _home;

    private RunningLab(InstanceHost host, string home)
    {
        Host = host;
        _home = home;
    }

    public InstanceHost Host { get; }

    /// <summary>The state directory the instance is recorded in (for running the CLI against it).</summary>
    public StateDirectory State => new(_home);

    /// <summary>Runs the CLI in this process against this instance's state directory.</summary>
    public async Task<(int ExitCode, string Out, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new FaultLab.Cli.CliApp(new FaultLab.Cli.CliConsole(output, error), State)
            .RunAsync([.. args, "--labs", Labs.LabCatalogTests.RepositoryLabs()], CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
    public LabInstance Instance => Host.Instance;

    /// <summary>Starts a shipped lab by id.</summary>
    public static Task<RunningLab> StartAsync(string labId) =>
        StartAsync(LabCatalog.Load(Labs.LabCatalogTests.RepositoryLabs()).Find(labId) ?? throw new ArgumentException(labId));

    /// <summary>Starts a lab written in the test: <paramref name="faultsYaml"/> is the body of its faults: list.</summary>
    public static Task<RunningLab> StartWithFaultsAsync(string faultsYaml, string network = "home") =>
        StartAsync(new LabFileParser(FaultCatalog.Standard).Parse($"""
            id: test-lab
            scenario: 0
            title: test
            category: toolbox
            level: L1
            briefing: test
            network: {network}
            faults:
            {faultsYaml}
            diagnosis: test.lab
            verify:
              - agent: {"{ authentication: Authenticated }"}
            solution:
              - agent restart-service
            """, "labs/test-lab.yaml"));

    public static async Task<RunningLab> StartAsync(LabDefinition lab)
    {
        var home = Path.Combine(Path.GetTempPath(), "faultlab-lab-" + Guid.NewGuid().ToString("N")[..12]);
        var host = await InstanceHost.StartAsync(lab, lab.Id, new StateDirectory(home), NullLoggerFactory.Instance,
            new Progress<string>(), CancellationToken.None);
        return new RunningLab(host, home);
    }

    /// <summary>The port of a node's endpoint, by node name and endpoint name.</summary>
    public int Port(string node, string endpoint) =>
        Instance.Nodes.Single(n => n.Name == node).Endpoints.Single(e => e.Name == endpoint).Port;

    /// <summary>The port serving a lab service, e.g. ("idp.lab", 443, Tcp).</summary>
    public int Port(string host, int port, FaultLab.World.Transport transport) =>
        Instance.Directory.TryResolve(new FaultLab.World.ServiceAddress(host, port, transport), out var ep)
            ? ep.Port : throw new ArgumentException($"{host}:{port}/{transport} is not served");

    public ControlClient Instructor() => new(Host.Record, Host.Tokens.Instructor);
    public ControlClient Trainee() => new(Host.Record, Host.Tokens.Trainee);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }
}
