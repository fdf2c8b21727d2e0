using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// The server side of the SSH identification exchange (RFC 4253 4.2) on one connection: send our
/// line, read the client's, then end the session politely with SSH_MSG_DISCONNECT (11.1) so
/// `ssh -v` reports the remote version and a clean disconnect rather than a reset.
/// </summary>
internal static class SshIdentificationExchange
{
    /// <summary>RFC 4253: the identification line is at most 255 characters including CR LF.</summary>
    public const int MaxLineBytes = 255;
    private const byte SshMsgDisconnect = 1;
    private const uint ReasonByApplication = 11;
    private const int CipherBlockBytes = 8;         // before key exchange, packets align to 8 bytes
    private const int MinPaddingBytes = 4;
    private const string DisconnectText = "FaultLab lab service: identification exchange only";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Sends our identification and reads the client's line; null when it sent none.</summary>
    public static async Task<string?> ExchangeAsync(NetworkStream stream, string serverIdentification, TimeSpan readTimeout, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(serverIdentification + "\r\n"), cancellationToken);
        using var readLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        readLimit.CancelAfter(readTimeout);
        return await ReadLineAsync(stream, readLimit.Token);
    }

    /// <summary>Whether <paramref name="line"/> is an SSH identification line.</summary>
    public static bool IsIdentification(string? line) => line is not null && line.StartsWith("SSH-", StringComparison.Ordinal);

    /// <summary>Ends the session: "Protocol mismatch." for a non-SSH client, else SSH_MSG_DISCONNECT and a half-close.</summary>
    public static async Task EndAsync(NetworkStream stream, string? clientLine, CancellationToken cancellationToken)
    {
        if (!IsIdentification(clientLine))
        {
            await stream.WriteAsync("Protocol mismatch.\r\n"u8.ToArray(), cancellationToken);
            return;
        }
        await stream.WriteAsync(DisconnectPacket(), cancellationToken);
        await DrainAsync(stream, cancellationToken);
    }

    /// <summary>One line without CR LF; null on end of stream or when it is longer than RFC 4253 allows.</summary>
    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>(64);
        var one = new byte[1];
        while (line.Count < MaxLineBytes)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) return null;
            if (one[0] == (byte)'\n') return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            line.Add(one[0]);
        }
        return null;
    }

    /// <summary>An unencrypted binary packet (RFC 4253 6) carrying SSH_MSG_DISCONNECT, reason BY_APPLICATION.</summary>
    private static byte[] DisconnectPacket()
    {
        var description = Encoding.UTF8.GetBytes(DisconnectText);
        var payload = new byte[1 + 4 + 4 + description.Length + 4];
        payload[0] = SshMsgDisconnect;
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(1), ReasonByApplication);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(5), (uint)description.Length);
        description.CopyTo(payload, 9);
        // the language tag is an empty string: its four length bytes are already zero

        var padding = CipherBlockBytes - (4 + 1 + payload.Length) % CipherBlockBytes;
        if (padding < MinPaddingBytes) padding += CipherBlockBytes;
        var packet = new byte[4 + 1 + payload.Length + padding];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(1 + payload.Length + padding));
        packet[4] = (byte)padding;
        payload.CopyTo(packet, 5);
        RandomNumberGenerator.Fill(packet.AsSpan(5 + payload.Length));
        return packet;
    }

    /// <summary>
    /// Half-closes and reads what the client still sends (its KEXINIT) until it closes, so the kernel
    /// does not answer unread data with a reset.
    /// </summary>
    private static async Task DrainAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        stream.Socket.Shutdown(SocketShutdown.Send);
        using var drainLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drainLimit.CancelAfter(DrainTimeout);
        var sink = new byte[4096];
        try
        {
            while (await stream.ReadAsync(sink, drainLimit.Token) > 0)
            {
                // discard: nothing after the identification line is interpreted
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client kept the connection open past the drain timeout; closing it is all that is left.
            return;
        }
    }
}
