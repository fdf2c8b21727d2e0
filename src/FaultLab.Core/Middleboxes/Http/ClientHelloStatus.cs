namespace FaultLab.Middleboxes.Http;

/// <summary>How far reading a TLS ClientHello got.</summary>
public enum ClientHelloStatus
{
    /// <summary>The bytes so far are a valid prefix; read more.</summary>
    Incomplete,
    /// <summary>A whole, well-formed ClientHello was read.</summary>
    Complete,
    /// <summary>The bytes are not a well-formed ClientHello.</summary>
    Malformed,
}
