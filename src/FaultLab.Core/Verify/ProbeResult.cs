namespace FaultLab.Verify;

/// <summary>The outcome of one diagnostic probe run from the laptop.</summary>
/// <param name="Ok">The probe reached its target (port open, handshake done, answer received).</param>
/// <param name="Summary">One line as the CLI prints it, e.g. "HTTP 204 from connectivitycheck.gstatic.lab".</param>
public sealed record ProbeResult(bool Ok, string Summary)
{
    /// <summary>http: the response status code.</summary>
    public int? StatusCode { get; init; }

    /// <summary>tls/http over TLS: the issuer distinguished name of the server certificate.</summary>
    public string? Issuer { get; init; }

    /// <summary>Further named values, e.g. "pathMtu" -> "1400" for an mtu probe.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
