namespace FaultLab.Tunnel;

/// <summary>Runs one tunnel session over an established transport until it ends; the listener disposes the transport.</summary>
internal delegate Task TunnelSessionHandler(ITunnelFrameTransport transport, CancellationToken cancellationToken);
