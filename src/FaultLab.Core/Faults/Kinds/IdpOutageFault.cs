using FaultLab.Runtime.Embedded;

namespace FaultLab.Faults.Kinds;

/// <summary>The IdP is down: every request answers 503 while the fault is on.</summary>
public sealed class IdpOutageFault : Fault, INodeFault
{
    public override string Kind => "idp-outage";
    public override FaultTarget Target => FaultTarget.Node;
    public override string? DefaultNode => "idp";

    public void Apply(LabInstance instance, bool active) => instance.World.Idp.Outage = active;
}
