using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// An SSH server as far as the identification exchange: it sends "SSH-2.0-FaultLab_1.0", reads the
/// client's identification and disconnects politely. Enough for `ssh -v` and `nc` to see a real SSH
/// banner on TCP 22, which is what the tunnel-v1 scenario needs (non-web ports).
/// </summary>
public sealed class SshServiceNode : ILabNode
{
    private const int SshPort = 22;
    private static readonly TimeSpan ClientIdentificationTimeout = TimeSpan.FromSeconds(10);

    private readonly SshServiceOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _sessions = new();
    private readonly List<NodeEndpoint> _endpoints = [];
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private ILogger? _log;
    private long _connections;
    private long _identified;
    private string? _lastClientIdentification;

    public SshServiceNode(SshServiceOptions? options = null)
    {
        _options = options ?? new SshServiceOptions();
        _options.Validate();
    }

    public string Name => _options.Name;
    public string Role => "origin";
    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>The line the server sends first, without CR LF.</summary>
    public string ServerIdentification => $"SSH-2.0-{_options.SoftwareVersion}";

    /// <summary>Connections accepted.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connections whose client sent an SSH identification line.</summary>
    public long ClientsIdentified => Interlocked.Read(ref _identified);

    /// <summary>The latest identification line a client sent (e.g. "SSH-2.0-OpenSSH_9.2p1").</summary>
    public string? LastClientIdentification => Volatile.Read(ref _lastClientIdentification);

    public Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_listener is not null) throw new InvalidOperationException($"{Name} is already started");
        cancellationToken.ThrowIfCancellationRequested();
        _log = context.Logs.CreateLogger<SshServiceNode>();
        _listener = new Socket(context.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(context.BindAddress, 0));
        _listener.Listen();
        var actual = (IPEndPoint)_listener.LocalEndPoint!;

        var service = new ServiceAddress(_options.Host, SshPort, Transport.Tcp);
        context.Directory.Register(service, actual);
        _endpoints.Add(new NodeEndpoint("ssh", "ssh", actual.Address.ToString(), actual.Port, service.ToString()));
        _acceptLoop = AcceptAsync(_listener, _stopping.Token);
        _log.LogInformation("ssh {Service} on {EndPoint}", service, actual);
        return Task.CompletedTask;
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (!stopping.IsCancellationRequested)
            {
                _log?.LogWarning("ssh: accept failed: {Error} ({Code})", e.Message, e.SocketErrorCode);
                continue;
            }
            Interlocked.Increment(ref _connections);
            var session = ServeAsync(client, stopping);
            _sessions.TryAdd(session, 0);
            _ = session.ContinueWith(done => _sessions.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        var remote = client.RemoteEndPoint;
        await using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var line = await SshIdentificationExchange.ExchangeAsync(stream, ServerIdentification, ClientIdentificationTimeout, stopping);
            if (SshIdentificationExchange.IsIdentification(line))
            {
                Interlocked.Increment(ref _identified);
                Volatile.Write(ref _lastClientIdentification, line);
                _log?.LogInformation("ssh: {Client} identified as {Identification}; disconnecting after the exchange", remote, line);
            }
            else
            {
                _log?.LogInformation("ssh: {Client} sent no SSH identification ({Line})", remote, line ?? "nothing");
            }
            await SshIdentificationExchange.EndAsync(stream, line, stopping);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            _log?.LogInformation("ssh: {Client} sent no identification within {Timeout}", remote, ClientIdentificationTimeout);
        }
        catch (OperationCanceledException)
        {
            _log?.LogDebug("ssh: session with {Client} ended by the node stopping", remote);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            _log?.LogInformation("ssh: {Client} connection ended: {Error}", remote, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _acceptLoop;
            await Task.WhenAll(_sessions.Keys);
        }
        finally
        {
            _listener?.Dispose();
            _stopping.Dispose();
        }
    }
}
