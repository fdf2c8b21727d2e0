using FaultLab.Middleboxes.Tcp;

namespace FaultLab.Faults.Kinds;

/// <summary>The update host cannot be reached: every connection to it is refused.</summary>
public sealed class UpdateBlockedFault : Fault, IConnectionFault
{
    public override string Kind => "update-blocked";
    public override FaultTarget Target => FaultTarget.Node;
    public override string? DefaultNode => "update";

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch)
    {
        faultSwitch.Record("refused", connection.Service.ToString());
        return ConnectionVerdict.Refuse("update host blocked");
    }

    public override string Describe() => "connections to the update host are refused";
}
