using System.Net.Security;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The first bytes a real .NET TLS client sends (its ClientHello), captured without any server.</summary>
internal static class ClientHelloCapture
{
    public static async Task<byte[]> FirstFlightAsync(string targetHost, CancellationToken cancellationToken)
    {
        await using var wire = new FirstWriteStream();
        await using var tls = new SslStream(wire, leaveInnerStreamOpen: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost }, stop.Token);
        var hello = await wire.FirstWrite.WaitAsync(cancellationToken);
        await stop.CancelAsync();
        await handshake.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return hello;
    }
}
