using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>The edge answered an Open with OpenFailed; <see cref="Reason"/> is its reason, verbatim.</summary>
public sealed class TunnelOpenException : IOException
{
    public TunnelOpenException(string host, int port, Transport transport, string reason)
        : base($"the edge could not open {host}:{port}/{transport.ToString().ToLowerInvariant()}: {reason}")
    {
        Host = host;
        Port = port;
        Transport = transport;
        Reason = reason;
    }

    public string Host { get; }
    public int Port { get; }
    public Transport Transport { get; }
    public string Reason { get; }
}
