namespace FaultLab.Middleboxes.Http;

/// <summary>What a request fault did with a request.</summary>
public enum HttpFaultOutcome
{
    /// <summary>The request goes on to the next fault and then to the origin.</summary>
    Continue,
    /// <summary>The fault wrote the response; the request is not forwarded.</summary>
    Answered,
}
