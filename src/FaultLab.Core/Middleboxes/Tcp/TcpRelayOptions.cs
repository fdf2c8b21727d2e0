using System.Net;
using FaultLab.Capture;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>Settings of a <see cref="TcpRelay"/>; the defaults suit a lab instance.</summary>
public sealed record TcpRelayOptions
{
    /// <summary>Where the relay listens (port 0 is allocated); must be loopback.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>How long connecting to the node may take before the client is reset.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long closing the relay waits for held bytes to be delivered before it resets what is left.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections the kernel queues before the relay accepts them.</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>Where relayed traffic is recorded; none by default.</summary>
    public IFlowCapture? Capture { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ILogger Log { get; init; } = NullLogger.Instance;

    internal void Validate()
    {
        LoopbackOnly.RequireBind(BindAddress, "TcpRelayOptions.BindAddress");
        if (ConnectTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"TcpRelayOptions.ConnectTimeout must be positive, got {ConnectTimeout}");
        if (FlushTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"TcpRelayOptions.FlushTimeout must be positive, got {FlushTimeout}");
        if (Backlog < 1)
            throw new ArgumentException($"TcpRelayOptions.Backlog must be positive, got {Backlog}");
    }
}
