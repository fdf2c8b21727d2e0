using System.Net;
using FaultLab.Nodes;
using FaultLab.Pki;
using FaultLab.World;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Nodes.Origins;

/// <summary>A fresh lab world for one test: its own PKI and directory, on loopback.</summary>
internal sealed class TestNodeContext : IDisposable
{
    public TestNodeContext()
    {
        Context = new NodeContext("t", LabPki.Create("t", DateTimeOffset.UtcNow), new LabDirectory(),
            IPAddress.Loopback, NullLoggerFactory.Instance, TimeProvider.System);
    }

    public NodeContext Context { get; }
    public LabPki Pki => Context.Pki;
    public LabDirectory Directory => Context.Directory;

    /// <summary>Where the directory says a lab service really listens.</summary>
    public IPEndPoint EndPointOf(string host, int port, Transport transport = Transport.Tcp) =>
        Directory.TryResolve(new ServiceAddress(host, port, transport), out var actual)
            ? actual
            : throw new AssertionException($"{host}:{port}/{transport} is not registered in the directory");

    public void Dispose() => Pki.Dispose();
}
