namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A fault that acts on each HTTP request the middlebox inspects (plain HTTP, or HTTPS it
/// re-signs) before it is forwarded: it may answer the request itself, delay it or rewrite it.
/// </summary>
public interface IHttpRequestFault
{
    /// <summary>Acts on one request; <see cref="HttpFaultOutcome.Answered"/> means it wrote the response and nothing is forwarded.</summary>
    ValueTask<HttpFaultOutcome> ApplyAsync(HttpRequestFaultContext context, CancellationToken cancellationToken);
}
