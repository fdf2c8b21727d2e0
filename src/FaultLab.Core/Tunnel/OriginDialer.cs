using System.Net;
using System.Net.Sockets;
using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>
/// How an edge reaches origins: lab names are resolved through the directory (never real DNS) and
/// every outgoing socket is bound to the edge's egress address, so an origin sees the edge, not
/// the laptop, as the source.
/// </summary>
public sealed class OriginDialer
{
    /// <summary>How long a TCP connect to an origin may take before the Open fails.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The OpenFailed reason for a name the lab does not know.</summary>
    public const string NoSuchHost = "no such host";

    private readonly LabDirectory _directory;

    public OriginDialer(LabDirectory directory, IPAddress egressAddress)
    {
        if (!IPAddress.IsLoopback(egressAddress) || egressAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"egress address {egressAddress} is not in 127.0.0.0/8", nameof(egressAddress));
        _directory = directory;
        EgressAddress = egressAddress;
    }

    /// <summary>The source address origins see for traffic from this edge.</summary>
    public IPAddress EgressAddress { get; }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> from the egress address; a failure is a result with the reason, not an exception.</summary>
    public async Task<OriginDialResult> DialAsync(string host, int port, Transport transport, CancellationToken cancellationToken)
    {
        if (!_directory.TryResolve(new ServiceAddress(host, port, transport), out var target))
        {
            if (_directory.AddressOf(host) is null) return OriginDialResult.Failed(NoSuchHost);
            return OriginDialResult.Failed(transport == Transport.Tcp
                ? $"connection refused by {host}:{port}"
                : $"{host}:{port}/udp is unreachable");
        }
        if (!IPAddress.IsLoopback(target.Address))
            return OriginDialResult.Failed($"{host} resolves to {target.Address}, which is outside the lab's loopback network");

        var socket = transport == Transport.Tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(EgressAddress, 0));
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(target, connectTimeout.Token);
            if (transport == Transport.Tcp) socket.NoDelay = true;
            return OriginDialResult.Connected(socket);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return OriginDialResult.Failed($"connection to {host}:{port} timed out after {ConnectTimeout.TotalSeconds:0} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return OriginDialResult.Failed(e.SocketErrorCode == SocketError.ConnectionRefused
                ? $"connection refused by {host}:{port}"
                : $"cannot reach {host}:{port}: {e.SocketErrorCode}");
        }
        catch (Exception)
        {
            socket.Dispose();
            throw;
        }
    }
}
