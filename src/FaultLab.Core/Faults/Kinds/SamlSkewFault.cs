using System.Globalization;
using System.Net;
using System.Text;
using FaultLab.Middleboxes.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// Moves the timestamps of SAML Responses posted through the link (POST binding:
/// application/x-www-form-urlencoded with SAMLResponse) by a number of seconds, as if the IdP's
/// clock were off. Only the values of NotBefore, NotOnOrAfter (Conditions and
/// SubjectConfirmationData), SessionNotOnOrAfter, IssueInstant and AuthnInstant change; every
/// other byte of the XML and of the form stays as it was. Compressed bodies are counted and passed.
/// </summary>
public sealed class SamlSkewFault : Fault, IHttpRequestFault
{
    /// <summary>Bodies larger than this are counted and passed unread.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The largest shift accepted, in seconds (a year).</summary>
    public const int MaxShiftSeconds = 366 * 24 * 3600;

    private const string FieldName = "SAMLResponse";
    private const string DateTimeFormat = "yyyy-MM-ddTHH:mm:ss";
    private static readonly byte[][] TimestampAttributes =
        [.. new[] { "NotBefore", "NotOnOrAfter", "SessionNotOnOrAfter", "IssueInstant", "AuthnInstant" }.Select(Encoding.ASCII.GetBytes)];

    public override string Kind => "saml-skew";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("seconds added to every SAML timestamp; negative moves them into the past")]
    public int ShiftSeconds { get; set; }

    public async ValueTask<HttpFaultOutcome> ApplyAsync(HttpRequestFaultContext context, CancellationToken cancellationToken)
    {
        var request = context.Http.Request;
        if (!HttpMethods.IsPost(request.Method) || !IsForm(request.ContentType)) return HttpFaultOutcome.Continue;
        var where = $"{context.DestinationHost}{request.Path}";
        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !encoding.All(e => string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase)))
        {
            context.Switch.Record("passed compressed body", $"{encoding} form to {where}");
            return HttpFaultOutcome.Continue;
        }

        request.EnableBuffering();
        var body = await ReadUpToAsync(request.Body, MaxBodyBytes + 1, cancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            request.Body.Position = 0;
            context.Switch.Record("passed oversized body", $"form over {MaxBodyBytes} bytes to {where}");
            return HttpFaultOutcome.Continue;
        }

        var (rewritten, shifted, problem) = ShiftForm(body, ShiftSeconds);
        if (rewritten is null)
        {
            request.Body.Position = 0;
            if (problem is not null) context.Switch.Record("passed unchanged", $"{problem} ({where})");
            return HttpFaultOutcome.Continue;
        }
        request.Body = new MemoryStream(rewritten, writable: false);
        request.ContentLength = rewritten.Length;
        request.Headers.Remove(HeaderNames.TransferEncoding);
        context.Switch.Record("shifted", $"{shifted} timestamps by {ShiftSeconds:+0;-0} s in the SAMLResponse to {where}");
        return HttpFaultOutcome.Continue;
    }

    /// <summary>
    /// Rewrites every SAMLResponse field of a url-encoded form. Returns the new form (null when nothing
    /// changed), how many timestamps moved, and why nothing changed when a SAMLResponse was there.
    /// </summary>
    internal static (byte[]? Form, int Shifted, string? Problem) ShiftForm(ReadOnlySpan<byte> form, int shiftSeconds)
    {
        var output = new List<byte>(form.Length + 64);
        string? problem = null;
        var shifted = 0;
        var start = 0;
        while (true)
        {
            var length = form[start..].IndexOf((byte)'&');
            var field = length < 0 ? form[start..] : form.Slice(start, length);
            var equals = field.IndexOf((byte)'=');
            if (equals > 0 && FormDecode(field[..equals]) == FieldName)
            {
                var xml = DecodeSamlResponse(field[(equals + 1)..]);
                byte[]? moved = null;
                var count = 0;
                if (xml is null) problem = "SAMLResponse is not base64";
                else moved = ShiftTimestamps(xml, shiftSeconds, out count, out problem);
                if (moved is not null)
                {
                    shifted += count;
                    output.AddRange(field[..(equals + 1)]);
                    output.AddRange(Encoding.ASCII.GetBytes(Uri.EscapeDataString(Convert.ToBase64String(moved))));
                }
                else output.AddRange(field);
            }
            else output.AddRange(field);

            if (length < 0) break;
            output.Add((byte)'&');
            start += length + 1;
        }
        return shifted > 0 ? (output.ToArray(), shifted, null) : (null, 0, problem);
    }

    /// <summary>
    /// Moves the timestamp attributes of a SAML XML document by <paramref name="shiftSeconds"/>, editing
    /// only their values in place. Returns null (with <paramref name="problem"/>) when nothing moved.
    /// </summary>
    internal static byte[]? ShiftTimestamps(byte[] xml, int shiftSeconds, out int shifted, out string? problem)
    {
        shifted = 0;
        problem = null;
        var result = (byte[])xml.Clone();
        var unparsed = 0;
        var i = 0;
        while (i < xml.Length)
        {
            var next = xml.AsSpan(i).IndexOf((byte)'<');
            if (next < 0) break;
            i += next;
            if (Starts(xml, i, "<!--"u8)) { if (!SkipPast(xml, ref i, "-->"u8)) return Stop("an unterminated comment", out problem); continue; }
            if (Starts(xml, i, "<![CDATA["u8)) { if (!SkipPast(xml, ref i, "]]>"u8)) return Stop("an unterminated CDATA section", out problem); continue; }
            if (Starts(xml, i, "<?"u8)) { if (!SkipPast(xml, ref i, "?>"u8)) return Stop("an unterminated processing instruction", out problem); continue; }
            if (Starts(xml, i, "<!"u8)) return Stop("a DOCTYPE or declaration, which SAML never carries", out problem);
            if (Starts(xml, i, "</"u8)) { if (!SkipPast(xml, ref i, ">"u8)) return Stop("an unterminated end tag", out problem); continue; }

            i++;
            while (i < xml.Length && !IsSpace(xml[i]) && xml[i] is not ((byte)'/' or (byte)'>')) i++;
            while (true)
            {
                while (i < xml.Length && IsSpace(xml[i])) i++;
                if (i >= xml.Length) return Stop("a start tag that does not end", out problem);
                if (xml[i] == (byte)'>') { i++; break; }
                if (xml[i] == (byte)'/' && i + 1 < xml.Length && xml[i + 1] == (byte)'>') { i += 2; break; }

                var nameStart = i;
                while (i < xml.Length && !IsSpace(xml[i]) && xml[i] is not ((byte)'=' or (byte)'>' or (byte)'/')) i++;
                var name = xml.AsSpan(nameStart, i - nameStart);
                while (i < xml.Length && IsSpace(xml[i])) i++;
                if (name.IsEmpty || i >= xml.Length || xml[i] != (byte)'=') return Stop("an attribute without a value", out problem);
                i++;
                while (i < xml.Length && IsSpace(xml[i])) i++;
                if (i >= xml.Length || xml[i] is not ((byte)'"' or (byte)'\'')) return Stop("an unquoted attribute value", out problem);
                var quote = xml[i];
                var valueStart = i + 1;
                var valueLength = xml.AsSpan(valueStart).IndexOf(quote);
                if (valueLength < 0) return Stop("an attribute value that does not end", out problem);
                i = valueStart + valueLength + 1;

                if (!IsTimestampAttribute(name)) continue;
                if (TryShift(xml.AsSpan(valueStart, valueLength), shiftSeconds, result.AsSpan(valueStart, valueLength))) shifted++;
                else unparsed++;
            }
        }
        if (shifted > 0) return result;
        problem = unparsed > 0 ? $"{unparsed} timestamps are not xs:dateTime values" : "no SAML timestamps in the SAMLResponse";
        return null;
    }

    /// <summary>Writes <paramref name="value"/> moved by the shift into <paramref name="into"/> (same length; fraction and zone kept).</summary>
    private static bool TryShift(ReadOnlySpan<byte> value, int shiftSeconds, Span<byte> into)
    {
        if (value.Length < DateTimeFormat.Length - 2) return false;     // the format's quotes around 'T' are not in the text
        var core = Encoding.ASCII.GetString(value[..19]);
        if (!DateTime.TryParseExact(core, DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return false;
        if (!IsFractionAndZone(value[19..])) return false;
        if ((shiftSeconds > 0 && at > DateTime.MaxValue.AddYears(-1)) || (shiftSeconds < 0 && at < DateTime.MinValue.AddYears(1))) return false;
        var moved = at.AddSeconds(shiftSeconds).ToString(DateTimeFormat, CultureInfo.InvariantCulture);
        Encoding.ASCII.GetBytes(moved, into[..19]);
        return true;
    }

    /// <summary>What may follow the seconds of an xs:dateTime: an optional fraction, then an optional zone.</summary>
    private static bool IsFractionAndZone(ReadOnlySpan<byte> rest)
    {
        var i = 0;
        if (i < rest.Length && rest[i] == (byte)'.')
        {
            i++;
            var digits = i;
            while (i < rest.Length && char.IsAsciiDigit((char)rest[i])) i++;
            if (i == digits) return false;
        }
        var zone = rest[i..];
        return zone.IsEmpty
            || zone.SequenceEqual("Z"u8)
            || (zone.Length == 6 && zone[0] is (byte)'+' or (byte)'-' && char.IsAsciiDigit((char)zone[1]) && char.IsAsciiDigit((char)zone[2])
                && zone[3] == (byte)':' && char.IsAsciiDigit((char)zone[4]) && char.IsAsciiDigit((char)zone[5]));
    }

    private static bool IsTimestampAttribute(ReadOnlySpan<byte> name)
    {
        foreach (var attribute in TimestampAttributes)
            if (name.SequenceEqual(attribute)) return true;
        return false;
    }

    private static byte[]? DecodeSamlResponse(ReadOnlySpan<byte> encoded)
    {
        // A '+' the client forgot to percent-encode reads as a space; base64 never holds spaces.
        var text = FormDecode(encoded).Replace(' ', '+');
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static string FormDecode(ReadOnlySpan<byte> component) =>
        WebUtility.UrlDecode(Encoding.UTF8.GetString(component));

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadUpToAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length < limit)
        {
            var n = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static bool Starts(byte[] xml, int at, ReadOnlySpan<byte> text) => xml.AsSpan(at).StartsWith(text);

    private static bool SkipPast(byte[] xml, ref int at, ReadOnlySpan<byte> end)
    {
        var found = xml.AsSpan(at + 1).IndexOf(end);
        if (found < 0) return false;
        at += 1 + found + end.Length;
        return true;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static byte[]? Stop(string what, out string? problem)
    {
        problem = $"the SAMLResponse XML has {what}";
        return null;
    }

    public override IEnumerable<string> Validate()
    {
        if (ShiftSeconds == 0) yield return "'shiftSeconds' must be a non-zero number of seconds (negative for the past)";
        else if (Math.Abs((long)ShiftSeconds) > MaxShiftSeconds) yield return $"'shiftSeconds' must be within +/-{MaxShiftSeconds} (a year), got {ShiftSeconds}";
    }

    public override string Describe() => $"{base.Describe()} (SAML timestamps {ShiftSeconds:+0;-0} s)";
}
