using ARSoft.Tools.Net.Dns;

namespace FaultLab.Nodes.Dns;

/// <summary>A server transport whose connections swallow the responses marked in <see cref="SilencedResponses"/>.</summary>
internal sealed class SilencingServerTransport(IServerTransport inner, SilencedResponses silenced) : IServerTransport
{
    public ushort DefaultAllowedResponseSize => inner.DefaultAllowedResponseSize;
    public bool SupportsMultipleResponses => inner.SupportsMultipleResponses;
    public bool AllowTruncatedResponses => inner.AllowTruncatedResponses;
    public TransportProtocol TransportProtocol => inner.TransportProtocol;

    public void Bind() => inner.Bind();

    public void Close() => inner.Close();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token)
    {
        var connection = await inner.AcceptConnectionAsync(token);
        return connection is null ? null : new SilencingServerConnection(connection, this, silenced);
    }

    public void Dispose() => inner.Dispose();
}
