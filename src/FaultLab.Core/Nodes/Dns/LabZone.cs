using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.World;

namespace FaultLab.Nodes.Dns;

/// <summary>
/// The lab's zones as the DNS node serves them: names come from the directory at query time, the
/// corporate zone exists only in the office view, and every negative answer carries its zone's SOA
/// (RFC 2308) so resolvers cache it for the negative TTL only.
/// </summary>
internal sealed class LabZone
{
    private const uint SoaSerial = 1;
    private const int SoaRefreshSeconds = 3600;
    private const int SoaRetrySeconds = 600;
    private const int SoaExpireSeconds = 86400;

    private readonly DnsNodeOptions _options;
    private readonly LabDirectory _directory;
    private readonly string _zone;
    private readonly string _corporateZone;

    public LabZone(DnsNodeOptions options, LabDirectory directory)
    {
        _options = options;
        _directory = directory;
        _zone = Normalize(options.Zone);
        _corporateZone = Normalize(options.CorporateZone);
    }

    /// <summary>A DNS name as the directory keys it: lower case, no trailing dot.</summary>
    public static string Normalize(DomainName name) => Normalize(name.ToString());

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>Fills <paramref name="response"/> with the zone's answer to <paramref name="question"/>.</summary>
    public void Answer(DnsMessage response, DnsQuestion question, DnsView view)
    {
        var name = Normalize(question.Name);
        if (!Exists(name, view))
        {
            AnswerNxDomain(response, name, view);
            return;
        }

        response.ReturnCode = ReturnCode.NoError;
        var address = _directory.AddressOf(name);
        var wanted = question.RecordType;
        if (address is not null && (wanted == RecordType.A || wanted == RecordType.Any) && address.AddressFamily == AddressFamily.InterNetwork)
            response.AnswerRecords.Add(new ARecord(question.Name, _options.AnswerTtlSeconds, address));
        else if (address is not null && (wanted == RecordType.Aaaa || wanted == RecordType.Any) && address.AddressFamily == AddressFamily.InterNetworkV6)
            response.AnswerRecords.Add(new AaaaRecord(question.Name, _options.AnswerTtlSeconds, address));
        else if ((wanted == RecordType.Soa || wanted == RecordType.Any) && IsApex(name))
            response.AnswerRecords.Add(Soa(name));

        if (response.AnswerRecords.Count == 0)
            response.AuthorityRecords.Add(Soa(ZoneOf(name, view)));     // NODATA: the name exists, the type does not
    }

    /// <summary>Answers NXDOMAIN for <paramref name="name"/> with the SOA of the zone it would live in.</summary>
    public void AnswerNxDomain(DnsMessage response, string name, DnsView view)
    {
        response.ReturnCode = ReturnCode.NxDomain;
        response.AnswerRecords.Clear();
        response.AuthorityRecords.Add(Soa(ZoneOf(name, view)));
    }

    /// <summary>Answers an A query with <paramref name="address"/>, whatever the directory says.</summary>
    public void AnswerAddress(DnsMessage response, DnsQuestion question, IPAddress address)
    {
        response.ReturnCode = ReturnCode.NoError;
        if (question.RecordType is RecordType.A or RecordType.Any)
            response.AnswerRecords.Add(new ARecord(question.Name, _options.AnswerTtlSeconds, address));
    }

    private bool Exists(string name, DnsView view)
    {
        if (!IsVisible(name, view)) return false;
        if (IsApex(name) || _directory.AddressOf(name) is not null) return true;
        // An empty non-terminal (example.lab above www.example.lab) exists too (RFC 8020).
        var suffix = "." + name;
        return _directory.Hosts.Any(h => h.EndsWith(suffix, StringComparison.Ordinal) && IsVisible(h, view));
    }

    private bool IsVisible(string name, DnsView view) => view == DnsView.Office || !IsWithin(name, _corporateZone);

    private bool IsApex(string name) => name == _zone || name == _corporateZone;

    private string ZoneOf(string name, DnsView view)
    {
        if (view == DnsView.Office && IsWithin(name, _corporateZone)) return _corporateZone;
        return IsWithin(name, _zone) ? _zone : "";
    }

    private static bool IsWithin(string name, string zone) =>
        zone.Length == 0 || name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);

    private SoaRecord Soa(string zone)
    {
        var owner = zone.Length == 0 ? DomainName.Root : DomainName.Parse(zone);
        return new SoaRecord(owner, _options.NegativeTtlSeconds,
            DomainName.Parse(_options.PublicServiceHost), DomainName.Parse("hostmaster." + _zone),
            SoaSerial, SoaRefreshSeconds, SoaRetrySeconds, SoaExpireSeconds, _options.NegativeTtlSeconds);
    }
}
