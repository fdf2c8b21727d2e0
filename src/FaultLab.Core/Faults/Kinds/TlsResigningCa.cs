namespace FaultLab.Faults.Kinds;

/// <summary>Which CA a re-signing middlebox shows the client.</summary>
public enum TlsResigningCa
{
    /// <summary>A third-party inspecting proxy's own root, which the laptop does not trust ("acme-proxy").</summary>
    AcmeProxy,
    /// <summary>The edge inspection intermediate under the lab root, which the laptop trusts ("edge").</summary>
    Edge,
}
