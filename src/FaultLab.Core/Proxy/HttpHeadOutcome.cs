namespace FaultLab.Proxy;

/// <summary>How reading an HTTP/1.x head from a connection ended.</summary>
public enum HttpHeadOutcome
{
    /// <summary>The head arrived up to its blank line.</summary>
    Complete,

    /// <summary>The peer closed before the head was complete (nothing, or part of a head, arrived).</summary>
    Closed,

    /// <summary>The head grew past the size limit without its blank line.</summary>
    TooLarge,
}
