using System.Net;
using FaultLab.Faults;
using FaultLab.Nodes;

namespace FaultLab.Middleboxes.Http;

/// <summary>How to build one link's HTTP middlebox.</summary>
/// <param name="Link">The link it sits on, e.g. "internet" (used in logs).</param>
/// <param name="Faults">The faults of that link; the middlebox acts on the active ones it understands.</param>
/// <param name="Context">The instance's PKI, directory, bind address, logs and clock.</param>
public sealed record HttpMiddleboxOptions(string Link, LinkFaults Faults, NodeContext Context)
{
    /// <summary>The captive portal's sign-in state per client; null means no client is signed in.</summary>
    public Func<IPAddress, bool>? IsSignedIn { get; init; }

    /// <summary>How long a new connection may take to send enough bytes to be routed.</summary>
    public TimeSpan FirstBytesTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long connecting to the real service may take.</summary>
    public TimeSpan UpstreamConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a forwarded request may stay silent before it fails.</summary>
    public TimeSpan UpstreamActivityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Problems with these options, each naming the setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Link)) yield return $"{nameof(Link)} must name the link";
        if (Faults is null) yield return $"{nameof(Faults)} must be given (LinkFaults.None for a link without faults)";
        if (Context is null) yield return $"{nameof(Context)} must be given";
        else if (!IPAddress.IsLoopback(Context.BindAddress)) yield return $"{nameof(Context)}.{nameof(Context.BindAddress)} must be a loopback address, got {Context.BindAddress}";
        if (FirstBytesTimeout <= TimeSpan.Zero) yield return $"{nameof(FirstBytesTimeout)} must be positive";
        if (UpstreamConnectTimeout <= TimeSpan.Zero) yield return $"{nameof(UpstreamConnectTimeout)} must be positive";
        if (UpstreamActivityTimeout <= TimeSpan.Zero) yield return $"{nameof(UpstreamActivityTimeout)} must be positive";
    }
}
