using System.Globalization;
using FaultLab.Agent.Network;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace FaultLab.Agent.Pac;

/// <summary>
/// The PAC helper functions (Netscape's set as browsers ship it) bound to one run of a script.
/// Names resolve from the run's lookup table; a name not in it unwinds the run with
/// <see cref="PacLookupNeeded"/> so the evaluator can resolve it asynchronously and run again.
/// </summary>
internal sealed class PacFunctions(PacEnvironment environment, IReadOnlyDictionary<string, HostResolution> lookups)
{
    private const int MaxAlerts = 100;

    private readonly List<string> _alerts = [];

    public IReadOnlyList<string> Alerts => _alerts;

    /// <summary>The key a host name is resolved and cached under.</summary>
    public static string LookupKey(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    public void Install(Engine engine)
    {
        Define(engine, "isPlainHostName", 1, a => Bool(IsPlainHostName(Text(a, 0))));
        Define(engine, "dnsDomainIs", 2, a => Bool(DnsDomainIs(Text(a, 0), Text(a, 1))));
        Define(engine, "localHostOrDomainIs", 2, a => Bool(LocalHostOrDomainIs(Text(a, 0), Text(a, 1))));
        Define(engine, "isResolvable", 1, a => Bool(DnsResolve(Text(a, 0)) is not null));
        Define(engine, "isInNet", 3, a => Bool(IsInNet(Text(a, 0), Text(a, 1), Text(a, 2))));
        Define(engine, "dnsResolve", 1, a => DnsResolve(Text(a, 0)) is { } ip ? new JsString(ip) : JsValue.Null);
        Define(engine, "myIpAddress", 0, _ => new JsString(environment.MyIpAddress.ToString()));
        Define(engine, "dnsDomainLevels", 1, a => new JsNumber(Text(a, 0).Count(c => c == '.')));
        Define(engine, "shExpMatch", 2, a => Bool(ShellGlob.Matches(Text(a, 0), Text(a, 1))));
        Define(engine, "weekdayRange", 3, a => Bool(PacTimeRanges.WeekdayRange(LocalNow(), UtcNow(), Texts(a))));
        Define(engine, "dateRange", 7, a => Bool(PacTimeRanges.DateRange(LocalNow(), UtcNow(), Texts(a))));
        Define(engine, "timeRange", 7, a => Bool(PacTimeRanges.TimeRange(LocalNow(), UtcNow(), Texts(a))));
        Define(engine, "alert", 1, a =>
        {
            if (_alerts.Count < MaxAlerts) _alerts.Add(Text(a, 0));
            return JsValue.Undefined;
        });
    }

    private static bool IsPlainHostName(string host) => !host.Contains('.') && !host.Contains(':');

    // Case-sensitive string suffix, as the reference implementation: dnsDomainIs("www.corp.lab", ".corp.lab").
    private static bool DnsDomainIs(string host, string domain) => host.EndsWith(domain, StringComparison.Ordinal);

    // True for the exact name, or for an unqualified host that is the first label of hostdom.
    private static bool LocalHostOrDomainIs(string host, string hostdom) =>
        host == hostdom || hostdom.StartsWith(host + ".", StringComparison.Ordinal);

    private bool IsInNet(string host, string pattern, string mask)
    {
        if (!TryParseIPv4(pattern, out var net) || !TryParseIPv4(mask, out var bits)) return false;
        if (!TryParseIPv4(host, out var address))
        {
            if (DnsResolve(host) is not { } resolved || !TryParseIPv4(resolved, out address)) return false;
        }
        return (address & bits) == (net & bits);
    }

    private string? DnsResolve(string host)
    {
        if (TryParseIPv4(host, out _)) return host;
        var key = LookupKey(host);
        if (key.Length == 0) return null;
        if (!lookups.TryGetValue(key, out var resolution)) throw new PacLookupNeeded(key);
        return resolution.FirstIPv4?.ToString();
    }

    private DateTime UtcNow() => environment.Clock.GetUtcNow().UtcDateTime;

    private DateTime LocalNow() => TimeZoneInfo.ConvertTimeFromUtc(UtcNow(), environment.TimeZone);

    // Strict dotted quad: unlike IPAddress.TryParse, "10" or "10.1" are not addresses here.
    private static bool TryParseIPv4(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)) return false;
            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255) return false;
            address = (address << 8) | (uint)octet;
        }
        return true;
    }

    private static void Define(Engine engine, string name, int length, Func<JsValue[], JsValue> body) =>
        engine.SetValue(name, new ClrFunction(engine, name, (_, args) => body(args), length));

    private static string Text(JsValue[] args, int index) => index < args.Length ? TypeConverter.ToString(args[index]) : "undefined";

    private static string[] Texts(JsValue[] args) => args.Select(TypeConverter.ToString).ToArray();

    private static JsValue Bool(bool value) => value ? JsBoolean.True : JsBoolean.False;
}
