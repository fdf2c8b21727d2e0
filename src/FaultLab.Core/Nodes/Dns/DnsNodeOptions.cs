namespace FaultLab.Nodes.Dns;

/// <summary>Settings of the lab DNS node.</summary>
public sealed record DnsNodeOptions
{
    /// <summary>Node name within the instance.</summary>
    public string Name { get; init; } = "dns";

    /// <summary>The zone the node is authoritative for.</summary>
    public string Zone { get; init; } = "lab";

    /// <summary>The corporate zone, answered only by the office resolver.</summary>
    public string CorporateZone { get; init; } = "corp.lab";

    /// <summary>The lab name of the public resolver (registered on port 53, UDP and TCP).</summary>
    public string PublicServiceHost { get; init; } = "dns.lab";

    /// <summary>The lab name of the office resolver (registered on port 53, UDP and TCP).</summary>
    public string OfficeServiceHost { get; init; } = "dns.corp.lab";

    /// <summary>TTL of A answers, in seconds. Short, so a fault switched off shows quickly.</summary>
    public int AnswerTtlSeconds { get; init; } = 30;

    /// <summary>How long a resolver may cache "does not exist" (SOA minimum), in seconds.</summary>
    public int NegativeTtlSeconds { get; init; } = 10;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("DnsNodeOptions.Name must not be empty");
        if (string.IsNullOrWhiteSpace(Zone)) throw new ArgumentException("DnsNodeOptions.Zone must not be empty");
        if (AnswerTtlSeconds < 0) throw new ArgumentException($"DnsNodeOptions.AnswerTtlSeconds must be >= 0, got {AnswerTtlSeconds}");
        if (NegativeTtlSeconds < 0) throw new ArgumentException($"DnsNodeOptions.NegativeTtlSeconds must be >= 0, got {NegativeTtlSeconds}");
    }
}
