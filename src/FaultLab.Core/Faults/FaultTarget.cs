namespace FaultLab.Faults;

/// <summary>What a fault attaches to.</summary>
public enum FaultTarget
{
    /// <summary>A link from the laptop to a node: a chain of middleboxes.</summary>
    Link,
    /// <summary>A node of the world (IdP, edge, update host...).</summary>
    Node,
    /// <summary>The simulated laptop; takes effect through the agent.</summary>
    Device,
    /// <summary>The network the laptop is on, as a whole: every link from the laptop (a hotel's captive portal).</summary>
    Network,
}
