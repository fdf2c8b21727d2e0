namespace FaultLab.Tunnel;

/// <summary>
/// Carries whole tunnel frames between the two ends of a session: one frame per DTLS record, or
/// length-prefixed frames on a TLS stream.
/// </summary>
internal interface ITunnelFrameTransport : IAsyncDisposable
{
    /// <summary>Largest frame, in bytes, that one send may carry.</summary>
    int MaxFrameBytes { get; }

    /// <summary>What it is and who is at the other end, for logs (e.g. "DTLS 127.0.0.1:40112").</summary>
    string Description { get; }

    /// <summary>Why the transport ended, once <see cref="ReceiveAsync"/> returned null.</summary>
    string? CloseReason { get; }

    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>The next frame, or null once the transport is closed (see <see cref="CloseReason"/>).</summary>
    ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken);
}
