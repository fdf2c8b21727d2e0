using FaultLab.Runtime.Embedded;

namespace FaultLab.Faults.Kinds;

/// <summary>The IdP signs with a certificate that expired yesterday, for every user; off rotates to a fresh one.</summary>
public sealed class IdpCertExpiredFault : Fault, INodeFault
{
    public override string Kind => "idp-cert-expired";
    public override FaultTarget Target => FaultTarget.Node;
    public override string? DefaultNode => "idp";

    public void Apply(LabInstance instance, bool active)
    {
        var pki = instance.Pki ?? throw new InvalidOperationException("the lab PKI is not generated yet");
        if (active) pki.ExpireIdpSigning(instance.Clock.GetUtcNow());
        else pki.RotateIdpSigning(instance.Clock.GetUtcNow());
        // The admin rotates at the IdP and re-imports its metadata in the portal: both happen together here.
        if (instance.Nodes.Count > 0) instance.ImportIdpMetadata();
    }
}
