namespace FaultLab.Middleboxes.Tcp;

/// <summary>What a connection fault does with a new TCP connection.</summary>
public enum ConnectionAction
{
    /// <summary>Relay it.</summary>
    Accept,
    /// <summary>Answer with a reset at once; nothing reaches the node.</summary>
    Refuse,
    /// <summary>Relay it, then reset both sides once a number of bytes has crossed.</summary>
    ResetAfter,
}
