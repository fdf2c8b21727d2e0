using System.Net;
using FaultLab.Capture;
using FaultLab.Middleboxes;

namespace FaultLab.Agent;

/// <summary>
/// One packet capture of the agent's own traffic, written by the shared <see cref="PcapWriter"/>
/// (classic pcap that tshark reads): app connections as TCP flows with handshake and FIN,
/// media as UDP datagrams.
/// </summary>
public sealed class PcapRecorder : IAsyncDisposable
{
    private readonly PcapWriter _writer;

    public PcapRecorder(string path, TimeProvider clock)
    {
        Path = path;
        _writer = PcapWriter.Create(path, clock);
    }

    public string Path { get; }

    public long Packets => _writer.FramesWritten;

    /// <summary>Starts recording a TCP connection from the laptop (<paramref name="local"/>) to <paramref name="remote"/>.</summary>
    public ICapturedConnection Connected(IPEndPoint local, IPEndPoint remote) => _writer.RecordConnected(local, remote);

    public void Datagram(FlowDirection direction, IPEndPoint local, IPEndPoint remote, ReadOnlySpan<byte> payload) =>
        _writer.RecordDatagram(direction, local, remote, payload);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
