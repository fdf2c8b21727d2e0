using System.Text;

namespace FaultLab.Proxy;

/// <summary>Reads an HTTP/1.x head (request or response) up to its blank line; the caller's token bounds the wait.</summary>
public static class HttpHeadReader
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    public static async Task<HttpHead> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) return new HttpHead(HttpHeadOutcome.Closed, "", ReadOnlyMemory<byte>.Empty);
            // The blank line may straddle two reads, so look a little before the new bytes too.
            var from = Math.Max(0, filled - 3);
            filled += read;
            var end = buffer.AsSpan(from, filled - from).IndexOf(EndOfHead);
            if (end >= 0)
            {
                end += from;
                return new HttpHead(HttpHeadOutcome.Complete, Encoding.Latin1.GetString(buffer, 0, end), buffer.AsMemory(end + 4, filled - end - 4));
            }
        }
        return new HttpHead(HttpHeadOutcome.TooLarge, "", ReadOnlyMemory<byte>.Empty);
    }
}
