namespace FaultLab.Tests.Nodes.Edge;

/// <summary>One edge lab for a whole fixture, with an HTTPS client that resolves lab names and trusts the lab root.</summary>
public abstract class EdgeLabFixture
{
    private protected EdgeLab Lab { get; private set; } = null!;

    /// <summary>Talks to the edge's HTTPS services (api.edge.lab, ...) by their lab names.</summary>
    private protected HttpClient Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        Lab = await EdgeLab.StartAsync(CancellationToken.None);
        Api = LabHttpClientFactory.Create(Lab.Directory, Lab.Pki.Root.Certificate);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        Api.Dispose();
        await Lab.DisposeAsync();
    }
}
