using FaultLab.Nodes;

namespace FaultLab.Runtime.Embedded;

/// <summary>The nodes of the standard topology every lab runs in, built for one instance.</summary>
public sealed class StandardWorld(LabInstance instance)
{
    /// <summary>Nodes in start order: names the others depend on come first.</summary>
    public IEnumerable<ILabNode> Nodes()
    {
        _ = instance;
        yield break;
    }
}
