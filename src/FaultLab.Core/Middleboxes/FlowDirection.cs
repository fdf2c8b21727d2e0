namespace FaultLab.Middleboxes;

/// <summary>Which way data crosses a middlebox: from a client on the laptop to the node, or back.</summary>
public enum FlowDirection
{
    /// <summary>From the laptop's client towards the node (upstream).</summary>
    ToNode,
    /// <summary>From the node back to the laptop's client (downstream).</summary>
    ToClient,
}
