using System.Threading.Channels;
using Org.BouncyCastle.Tls;

namespace FaultLab.Tunnel;

/// <summary>
/// Frames over an established DTLS session, one frame per record. BouncyCastle's receive blocks,
/// so a dedicated reader thread turns records into an awaitable queue; sends are synchronous
/// (one UDP datagram each) and serialised by BouncyCastle's record layer.
/// </summary>
internal sealed class DtlsFrameTransport : ITunnelFrameTransport
{
    /// <summary>How long one blocking receive waits before the reader checks whether it should stop.</summary>
    private const int ReceiveWaitMillis = 500;

    private readonly DtlsTransport _dtls;
    private readonly QueuedDatagramTransport _datagrams;
    private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Task _reader;
    private volatile bool _stopping;

    public DtlsFrameTransport(DtlsTransport dtls, QueuedDatagramTransport datagrams, string description)
    {
        _dtls = dtls;
        _datagrams = datagrams;
        Description = description;
        MaxFrameBytes = dtls.GetSendLimit();
        _reader = Task.Factory.StartNew(ReadRecords, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public int MaxFrameBytes { get; }

    public string Description { get; }

    public string? CloseReason { get; private set; }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (frame.Length > MaxFrameBytes)
            throw new ArgumentException($"a frame of {frame.Length} bytes does not fit one DTLS record ({MaxFrameBytes} bytes at this MTU)", nameof(frame));
        _dtls.Send(frame.Span);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await _inbound.Reader.WaitToReadAsync(cancellationToken))
            if (_inbound.Reader.TryRead(out var frame)) return frame;
        return null;
    }

    private void ReadRecords()
    {
        var buffer = new byte[Math.Max(_dtls.GetReceiveLimit(), 1)];
        string reason;
        while (true)
        {
            int received;
            try
            {
                received = _dtls.Receive(buffer, 0, buffer.Length, ReceiveWaitMillis);
            }
            catch (TlsFatalAlertReceived e)
            {
                reason = $"the peer sent the fatal alert {AlertDescription.GetText(e.AlertDescription)}";
                break;
            }
            catch (TlsFatalAlert e)
            {
                reason = _stopping ? "closed locally" : $"DTLS failed with {AlertDescription.GetText(e.AlertDescription)}: {e.Message}";
                break;
            }
            catch (IOException e)
            {
                reason = _stopping ? "closed locally" : EndReason(e);
                break;
            }
            if (received >= 0)
            {
                _inbound.Writer.TryWrite(buffer.AsSpan(0, received).ToArray());
                continue;
            }
            if (_stopping || _datagrams.IsClosed)
            {
                reason = _stopping ? "closed locally" : EndReason(null);
                break;
            }
        }
        CloseReason = reason;
        _inbound.Writer.TryComplete();
    }

    private string EndReason(IOException? error) =>
        _datagrams.CloseReason switch
        {
            null => $"DTLS receive failed: {error?.Message}",
            // BouncyCastle closes the datagram side itself only when the peer sent close_notify.
            "the DTLS layer closed it" => "the peer closed the DTLS session",
            var r => r,
        };

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try
        {
            _dtls.Close();      // sends close_notify, then closes the datagram side
        }
        catch (IOException)
        {
            // The peer or the socket is already gone; there is nobody left to tell.
        }
        _datagrams.Fail("closed locally");
        await _reader;
    }
}
