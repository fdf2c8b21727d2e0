namespace FaultLab.Tunnel;

/// <summary>A tunnel could not be set up; <see cref="Failure"/> says which way, the message says why.</summary>
public sealed class TunnelConnectException : IOException
{
    public TunnelConnectException(TunnelConnectFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public TunnelConnectFailure Failure { get; }
}
