using System.Net;

namespace FaultLab.World;

/// <summary>A laptop network without middleboxes: every service is reached where it listens. For tests and fault-free links.</summary>
public sealed class DirectLaptopNetwork(LabDirectory directory, NetworkProfile network, IPAddress? laptopAddress = null) : ILaptopNetwork
{
    public IPAddress LaptopAddress { get; } = laptopAddress ?? IPAddress.Loopback;

    public NetworkProfile Network { get; } = network;

    public IPEndPoint? Route(ServiceAddress service) => directory.TryResolve(service, out var actual) ? actual : null;
}
