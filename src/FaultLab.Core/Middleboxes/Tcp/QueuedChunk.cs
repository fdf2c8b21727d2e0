namespace FaultLab.Middleboxes.Tcp;

/// <summary>
/// Bytes a <see cref="TcpStreamPump"/> read and holds until <paramref name="Due"/> (a clock
/// timestamp); a chunk without a buffer marks the point where a fault resets the connection.
/// </summary>
internal readonly record struct QueuedChunk(byte[]? Buffer, int Length, long Due, long BytesPerSecond)
{
    public static QueuedChunk ResetMarker(long due) => new(null, 0, due, 0);

    public bool IsReset => Buffer is null;
}
