using FaultLab.Middleboxes.Http;
using FaultLab.Pki;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// An inspecting middlebox on the link terminates TLS and re-signs every site with its own CA,
/// except the hosts on its bypass list. With the AcmeProxy CA the laptop sees certificates it
/// does not trust; the customer's fix is to add the affected hosts to the bypass list.
/// </summary>
public sealed class TlsResignFault : Fault, ITlsResigningFault
{
    public override string Kind => "tls-resign";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("which CA re-signs: acme-proxy (a third-party proxy the laptop does not trust) or edge (the trusted edge inspection CA)")]
    public TlsResigningCa Ca { get; set; } = TlsResigningCa.AcmeProxy;

    /// <summary>The bypass list; set from the lab file, read back as it is now (trainees may have edited it).</summary>
    [FaultParameter("host patterns never re-signed: exact names (idp.lab) or '*.suffix' (*.example.lab)")]
    public IReadOnlyList<string> Bypass
    {
        get => BypassList.List();
        set
        {
            // Bad patterns are reported by Validate with the parameter's name; keep the good ones meanwhile.
            _rejectedPatterns = value.Where(p => HostPatternList.Problem(p) is not null).ToArray();
            BypassList.Replace(value.Where(p => HostPatternList.Problem(p) is null));
        }
    }

    public HostPatternList BypassList { get; } = new();

    private IReadOnlyList<string> _rejectedPatterns = [];

    /// <summary>Adds a host pattern to the bypass list; false when it was already there. Throws on a bad pattern.</summary>
    public bool Add(string pattern) => BypassList.Add(pattern);

    /// <summary>Removes a host pattern from the bypass list; false when it was not there.</summary>
    public bool Remove(string pattern) => BypassList.Remove(pattern);

    /// <summary>The bypass list as it is now.</summary>
    public IReadOnlyList<string> List() => BypassList.List();

    public CertificateAuthority IssuerFrom(LabPki pki) => Ca switch
    {
        TlsResigningCa.AcmeProxy => pki.AcmeProxy,
        TlsResigningCa.Edge => pki.EdgeInspection,
        _ => throw new InvalidOperationException($"no CA for {Ca}"),
    };

    public override IEnumerable<string> Validate()
    {
        foreach (var pattern in _rejectedPatterns)
            yield return $"'bypass' has {HostPatternList.Problem(pattern)}";
        if (!Enum.IsDefined(Ca)) yield return $"'ca' must be acme-proxy or edge, got {Ca}";
    }

    public override string Describe()
    {
        var ca = FaultCatalog.KebabCase(Ca.ToString());
        var bypass = List();
        return $"{base.Describe()} (re-signed by {ca}; bypass {(bypass.Count == 0 ? "none" : string.Join(", ", bypass))})";
    }
}
