using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using FaultLab.Verify.Capture;
using FaultLab.World;

namespace FaultLab.Verify.Checks;

/// <summary>
/// Checks the log bundle the trainee exported: the zip exists, holds the agent log (<c>agent*.log</c>)
/// and at least one classic <c>.pcap</c> whose packets include a flow to a given host and port captured
/// within <c>within</c> seconds before the export (default <see cref="DefaultWindowSeconds"/>), e.g.
/// <c>bundle: { port: 443, transport: udp }</c> with <c>host: gateway.edge.lab</c> and <c>within: 300</c>.
/// The host is an IP address or a lab name resolved through the lab DNS.
/// </summary>
[VerifyCheckKind("bundle")]
public sealed class BundleCheck : VerifyCheck
{
    /// <summary>The repro window when the entry gives no <c>within</c>.</summary>
    public const int DefaultWindowSeconds = 300;

    private static readonly string[] FlowKeys = ["host", "port", "transport"];
    private readonly string _host;
    private readonly int _port;
    private readonly Transport? _transport;
    private readonly TimeSpan _window;

    public BundleCheck(VerifyArguments arguments) : base(arguments, perLaptop: true)
    {
        var flow = arguments.ValueMapping("the flow the capture must hold, e.g. { port: 443, transport: udp }");
        foreach (var (key, _) in flow)
            if (!FlowKeys.Contains(key))
                throw arguments.Error($"unknown key '{key}' in 'bundle'{Labs.NameSuggester.Hint(key, FlowKeys)}; use {string.Join(", ", FlowKeys)}");
        var innerHost = flow["host"] is { } h ? arguments.Text(h, "'bundle' host") : null;
        var outerHost = arguments.TakeString("host");
        if (innerHost is not null && outerHost is not null) throw arguments.Error("give 'host' once, either inside 'bundle' or beside it");
        _host = innerHost ?? outerHost ?? throw arguments.Error("name the host the captured flow goes to ('host')");
        _port = flow["port"] is { } p ? (int)arguments.Number(p, "'bundle' port", 1, 65535) : throw arguments.Error("name the port the captured flow goes to ('port')");
        _transport = flow["transport"] is { } t ? Enum.Parse<Transport>(arguments.OneOf(t, "'bundle' transport", ["tcp", "udp"]), ignoreCase: true) : null;
        _window = TimeSpan.FromSeconds(arguments.TakeNumber("within", 1, 86400) ?? DefaultWindowSeconds);
    }

    protected override string DefaultName => $"log bundle captures {FlowText}";

    private string FlowText => $"{_host}:{_port}{(_transport is { } t ? "/" + t.ToString().ToLowerInvariant() : "")}";

    protected override async Task<CheckOutcome> ObserveAsync(IVerifyContext context, CancellationToken cancellationToken)
    {
        if (context.Agent is not { } agent) return CheckOutcome.Failed($"no agent is running on {context.Laptop}");
        if (agent.ExportedBundlePath is not { } path) return CheckOutcome.Failed("no log bundle has been exported");
        if (!File.Exists(path)) return CheckOutcome.Failed($"the exported bundle {Path.GetFileName(path)} is no longer there");
        var exportedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);

        IReadOnlyList<IPAddress> addresses;
        if (IPAddress.TryParse(_host, out var literal)) addresses = [literal];
        else
        {
            var lookup = await context.ResolveAsync(_host, cancellationToken);
            if (lookup.Outcome != DnsLookupOutcome.Resolved)
                return CheckOutcome.Failed($"cannot tell which packets go to {_host}: the lab DNS does not resolve it ({lookup.Outcome})");
            addresses = lookup.Addresses;
        }

        await using var file = File.OpenRead(path);
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(file, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return CheckOutcome.Failed($"the exported bundle {Path.GetFileName(path)} is not a readable zip: {e.Message}");
        }
        await using (zip)
        {
            if (!zip.Entries.Any(IsAgentLog)) return CheckOutcome.Failed("the bundle holds no agent log");
            var captures = zip.Entries.Where(e => e.Name.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (captures.Length == 0) return CheckOutcome.Failed("the bundle holds no packet capture (.pcap)");

            var (inWindow, outside, unreadable) = (0, 0, new List<string>());
            string? holder = null;
            foreach (var entry in captures)
            {
                IReadOnlyList<CapturedPacket> packets;
                try
                {
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    packets = await PcapFileReader.ReadAsync(stream, entry.FullName, cancellationToken);
                }
                catch (Exception e) when (e is PcapFormatException or InvalidDataException)
                {
                    unreadable.Add(e.Message);
                    continue;
                }
                foreach (var packet in packets)
                {
                    if (PacketFlow.From(packet) is not { } flow || !IsWanted(flow, addresses)) continue;
                    if (packet.Timestamp >= exportedAt - _window && packet.Timestamp <= exportedAt)
                    {
                        inWindow++;
                        holder ??= entry.FullName;
                    }
                    else outside++;
                }
            }

            var within = _window.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            if (inWindow > 0)
                return CheckOutcome.Held($"{holder} holds {inWindow} packet(s) to {FlowText} in the {within} s before the export");
            var unreadableText = unreadable.Count > 0 ? $" ({unreadable.Count} capture(s) unreadable: {string.Join("; ", unreadable)})" : "";
            return CheckOutcome.Failed(outside > 0
                ? $"the captures hold {outside} packet(s) to {FlowText}, but none in the {within} s before the export{unreadableText}"
                : $"no capture in the bundle holds a packet to {FlowText}{unreadableText}");
        }
    }

    private bool IsWanted(PacketFlow flow, IReadOnlyList<IPAddress> addresses) =>
        flow.DestinationPort == _port
        && (_transport is null || flow.Transport == _transport)
        && addresses.Any(a => a.Equals(flow.Destination));

    private static bool IsAgentLog(ZipArchiveEntry entry) =>
        entry.Name.StartsWith("agent", StringComparison.OrdinalIgnoreCase) && entry.Name.EndsWith(".log", StringComparison.OrdinalIgnoreCase);
}
