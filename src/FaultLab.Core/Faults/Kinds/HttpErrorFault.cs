using FaultLab.Middleboxes.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// The middlebox answers an HTTP error itself instead of forwarding: every matching request, or
/// a share of them drawn from the fault's seeded random source.
/// </summary>
public sealed class HttpErrorFault : Fault, IHttpRequestFault
{
    public override string Kind => "http-error";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("the HTTP status answered, 400-599")]
    public int Status { get; set; } = 503;

    [FaultParameter("share of matching requests answered with the error, in percent (0-100]")]
    public double RatePercent { get; set; } = 100;

    [FaultParameter("only requests whose path starts with this (e.g. /saml); empty for every path")]
    public string PathPrefix { get; set; } = "";

    public async ValueTask<HttpFaultOutcome> ApplyAsync(HttpRequestFaultContext context, CancellationToken cancellationToken)
    {
        var request = context.Http.Request;
        if (!(request.Path.Value ?? "").StartsWith(PathPrefix, StringComparison.Ordinal)) return HttpFaultOutcome.Continue;
        // Draw only for matching requests, so the same seed gives the same decisions for the same traffic.
        if (RatePercent < 100 && context.Switch.NextDouble() * 100 >= RatePercent) return HttpFaultOutcome.Continue;

        var response = context.Http.Response;
        response.StatusCode = Status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        context.Switch.Record($"answered {Status}", $"{request.Method} {context.DestinationHost}{request.Path}");
        await response.WriteAsync($"{Status} {ReasonPhrases.GetReasonPhrase(Status)}\n", cancellationToken);
        return HttpFaultOutcome.Answered;
    }

    public override IEnumerable<string> Validate()
    {
        if (Status is < 400 or > 599) yield return $"'status' must be an HTTP error status between 400 and 599, got {Status}";
        if (!(RatePercent > 0 && RatePercent <= 100)) yield return $"'ratePercent' must be more than 0 and at most 100, got {RatePercent}";
        if (PathPrefix.Length > 0 && !PathPrefix.StartsWith('/')) yield return $"'pathPrefix' must start with '/', got '{PathPrefix}'";
    }

    public override string Describe() =>
        $"{base.Describe()} ({Status} for {RatePercent:0.##}% of requests{(PathPrefix.Length > 0 ? $" under {PathPrefix}" : "")})";
}
