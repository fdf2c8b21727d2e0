using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FaultLab.Settings;

namespace FaultLab.Agent;

/// <summary>The policy the agent pulled from the edge, read once into the values it acts on.</summary>
public sealed record AgentPolicy(JsonObject Document)
{
    /// <summary>
    /// The fetched policy as a typed settings document (defaults plus what the edge served), for the
    /// evaluators that read settings; keys the defaults do not know (idp.signingCertificate) and idpByDomain are left out.
    /// </summary>
    public SettingsDocument ToSettings()
    {
        var served = (JsonObject)Document.DeepClone();
        (served["idp"] as JsonObject)?.Remove("signingCertificate");
        // The agent reads the domain mapping from the document itself (SingleSignOnUrlFor).
        served.Remove("idpByDomain");
        var settings = SettingsDocument.DefaultPolicy();
        settings.Apply(served);
        return settings;
    }

    public string Transport => Text("forwarding", "transport") ?? "dtls-with-tls-fallback";
    public int TunnelVersion => Number("forwarding", "tunnelVersion") ?? 2;
    public int DtlsTimeoutSeconds => Number("forwarding", "dtlsTimeoutSeconds") ?? 9;
    public int TunnelMtu => Number("forwarding", "tunnelMtu") ?? 1400;
    public bool FailOpenEnabled => Flag("appProfile", "failOpen", "enabled") ?? false;
    public int FailOpenTimeoutSeconds => Number("appProfile", "failOpen", "timeoutSeconds") ?? 30;
    public bool PacketCaptureAllowed => Flag("appProfile", "packetCaptureAllowed") ?? true;

    /// <summary>The forwarding action for a network state ("tunnel", "none"...).</summary>
    public string ActionFor(string networkState) => networkState switch
    {
        "OnTrusted" => Text("forwarding", "onTrusted") ?? "none",
        "VpnTrusted" => Text("forwarding", "vpnTrusted") ?? "none",
        _ => Text("forwarding", "offTrusted") ?? "tunnel",
    };

    /// <summary>The IdP SSO URL for the user's domain (idpByDomain gives the entity id; SSO is its /sso).</summary>
    public Uri? SingleSignOnUrlFor(string user)
    {
        var domain = user.Contains('@') ? user[(user.IndexOf('@') + 1)..] : user;
        var entity = Document["idpByDomain"]?[domain] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return entity is null ? null : new Uri(entity.TrimEnd('/') + "/sso");
    }

    public string? IdpEntityId => Text("idp", "entityId");

    /// <summary>The IdP signing certificate from idp.signingCertificate (PEM), or null when the policy has none.</summary>
    public X509Certificate2? IdpSigningCertificate =>
        Text("idp", "signingCertificate") is { Length: > 0 } pem ? X509Certificate2.CreateFromPem(pem) : null;

    public string? Text(params string[] path) => Walk(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public int? Number(params string[] path) =>
        Walk(path) is JsonValue v && double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? (int)d : null;

    public bool? Flag(params string[] path) => Walk(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private JsonNode? Walk(string[] path)
    {
        JsonNode? node = Document;
        foreach (var part in path) node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        return node;
    }
}
