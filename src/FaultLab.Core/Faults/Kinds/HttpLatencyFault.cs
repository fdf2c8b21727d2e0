using FaultLab.Middleboxes.Http;

namespace FaultLab.Faults.Kinds;

/// <summary>Every inspected HTTP request waits this long in the middlebox before it is forwarded.</summary>
public sealed class HttpLatencyFault : Fault, IHttpRequestFault
{
    public const int MaxLatencyMs = 120_000;

    public override string Kind => "http-latency";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("added delay per request, in milliseconds")]
    public int LatencyMs { get; set; } = 500;

    public async ValueTask<HttpFaultOutcome> ApplyAsync(HttpRequestFaultContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(LatencyMs), context.Clock, cancellationToken);
        context.Switch.Record("delayed", $"{LatencyMs} ms {context.Http.Request.Method} {context.DestinationHost}{context.Http.Request.Path}");
        return HttpFaultOutcome.Continue;
    }

    public override IEnumerable<string> Validate()
    {
        if (LatencyMs is < 1 or > MaxLatencyMs) yield return $"'latencyMs' must be between 1 and {MaxLatencyMs}, got {LatencyMs}";
    }

    public override string Describe() => $"{base.Describe()} (+{LatencyMs} ms per request)";
}
