using System.Net;
using FaultLab.Capture;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Middleboxes.Udp;

/// <summary>Settings of a <see cref="UdpRelay"/>; the defaults suit a lab instance.</summary>
public sealed record UdpRelayOptions
{
    /// <summary>Where the relay listens (port 0 is allocated); must be loopback.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>A client flow with no datagram in either direction for this long is closed, with its upstream socket.</summary>
    public TimeSpan FlowIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Kernel buffer asked for each socket, so bursts are not lost before the relay reads them.</summary>
    public int SocketBufferBytes { get; init; } = 4 << 20;

    /// <summary>Where relayed traffic is recorded; none by default.</summary>
    public IFlowCapture? Capture { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ILogger Log { get; init; } = NullLogger.Instance;

    internal void Validate()
    {
        LoopbackOnly.RequireBind(BindAddress, "UdpRelayOptions.BindAddress");
        if (FlowIdleTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"UdpRelayOptions.FlowIdleTimeout must be positive, got {FlowIdleTimeout}");
        if (SocketBufferBytes < 1)
            throw new ArgumentException($"UdpRelayOptions.SocketBufferBytes must be positive, got {SocketBufferBytes}");
    }
}
