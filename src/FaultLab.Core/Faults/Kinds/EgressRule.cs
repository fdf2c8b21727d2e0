using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using FaultLab.World;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// One allow rule of an <see cref="EgressFirewallFault"/>: a host (a name, <c>*</c>, or
/// <c>*.domain</c> for every name under it), a port or <c>*</c>, and optionally one transport.
/// </summary>
/// <param name="Host">Lower-case host name, "*" or "*.domain".</param>
/// <param name="Port">The port, or null for any.</param>
/// <param name="Transport">The transport, or null for both.</param>
public sealed partial record EgressRule(string Host, int? Port, Transport? Transport)
{
    /// <summary>The accepted spellings, for messages.</summary>
    public const string Forms = "'host:port', 'host:*' or '*:port' (the host may be '*.domain'; add '/tcp' or '/udp' for one transport only)";

    public static bool TryParse(string text, [NotNullWhen(true)] out EgressRule? rule, [NotNullWhen(false)] out string? problem)
    {
        rule = null;
        var body = text.Trim();
        problem = body.Length == 0 ? $"an allow rule is empty; write {Forms}" : null;
        if (problem is not null) return false;

        Transport? transport = null;
        var slash = body.LastIndexOf('/');
        if (slash >= 0)
        {
            var name = body[(slash + 1)..];
            if (name.Equals("tcp", StringComparison.OrdinalIgnoreCase)) transport = World.Transport.Tcp;
            else if (name.Equals("udp", StringComparison.OrdinalIgnoreCase)) transport = World.Transport.Udp;
            else
            {
                problem = $"rule '{text}' ends in '/{name}': the transport is 'tcp' or 'udp'";
                return false;
            }
            body = body[..slash];
        }

        var colon = body.LastIndexOf(':');
        if (colon < 0)
        {
            problem = $"rule '{text}' has no port: write {Forms}";
            return false;
        }
        var host = body[..colon].TrimEnd('.').ToLowerInvariant();
        var portText = body[(colon + 1)..];
        if (!HostPattern().IsMatch(host))
        {
            problem = $"rule '{text}' has host '{body[..colon]}': a host is a DNS name, '*' or '*.domain'";
            return false;
        }
        int? port = null;
        if (portText != "*")
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                problem = $"rule '{text}' has port '{portText}': a port is 1-65535 or '*'";
                return false;
            }
            port = number;
        }
        rule = new EgressRule(host, port, transport);
        return true;
    }

    /// <summary>Reads a rule, or throws <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    public static EgressRule Parse(string text) =>
        TryParse(text, out var rule, out var problem) ? rule : throw new ArgumentException(problem, nameof(text));

    /// <summary>Whether this rule lets traffic to <paramref name="service"/> out.</summary>
    public bool Allows(ServiceAddress service)
    {
        if (Transport is { } transport && transport != service.Transport) return false;
        if (Port is { } port && port != service.Port) return false;
        if (Host == "*") return true;
        var host = service.Host.TrimEnd('.');
        return Host.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(Host[1..], StringComparison.OrdinalIgnoreCase)
            : host.Equals(Host, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() =>
        $"{Host}:{(Port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "*")}{(Transport is { } t ? "/" + t.ToString().ToLowerInvariant() : "")}";

    [GeneratedRegex(@"^(\*|(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*)$")]
    private static partial Regex HostPattern();
}
