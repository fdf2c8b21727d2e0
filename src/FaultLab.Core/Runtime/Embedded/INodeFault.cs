namespace FaultLab.Runtime.Embedded;

/// <summary>A fault kind that changes a node of the world (an IdP outage, an expired signing certificate) while it is on.</summary>
public interface INodeFault
{
    /// <summary>Puts the node in the faulty state (<paramref name="active"/>) or back to healthy.</summary>
    void Apply(LabInstance instance, bool active);
}
