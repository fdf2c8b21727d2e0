using System.Collections.Immutable;
using System.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Dns;

/// <summary>
/// The lab DNS: two resolvers (public dns.lab and office dns.corp.lab), each on UDP and TCP on one
/// port. Names come from the lab directory at query time; the corporate zone is answered only by the
/// office resolver (split horizon); unknown names get NXDOMAIN with the zone's SOA. Interceptors
/// (DNS faults) see every query first.
/// </summary>
public sealed class DnsNode : ILabNode
{
    private const int DnsPort = 53;

    private readonly DnsNodeOptions _options;
    private readonly SilencedResponses _silenced = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _interceptorsLock = new();
    private ImmutableArray<IDnsQueryInterceptor> _interceptors = [];
    private readonly List<DnsListener> _listeners = [];
    private readonly List<NodeEndpoint> _endpoints = [];
    private LabZone? _zone;
    private ILogger _log = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private long _answered;
    private long _dropped;
    private long _failed;
    private long _serverErrors;

    public DnsNode(DnsNodeOptions? options = null)
    {
        _options = options ?? new DnsNodeOptions();
        _options.Validate();
    }

    public string Name => _options.Name;
    public string Role => "dns";
    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>Queries that got a response (including ones an interceptor answered).</summary>
    public long QueriesAnswered => Interlocked.Read(ref _answered);

    /// <summary>Queries an interceptor dropped: the client heard nothing.</summary>
    public long QueriesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Queries answered SERVFAIL because an interceptor threw.</summary>
    public long InterceptorFailures => Interlocked.Read(ref _failed);

    /// <summary>Errors the DNS library reported (malformed packets, broken connections).</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>The interceptors consulted, in order, before the zone answers.</summary>
    public IReadOnlyList<IDnsQueryInterceptor> Interceptors => _interceptors;

    /// <summary>Where a resolver really listens (UDP and TCP share the port); valid after start.</summary>
    public IPEndPoint EndPointOf(DnsView view) =>
        _listeners.Count == 2 ? _listeners[(int)view].EndPoint : throw new InvalidOperationException("the DNS node is not started");

    /// <summary>Appends an interceptor; it is consulted after the ones already there.</summary>
    public void AddInterceptor(IDnsQueryInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        lock (_interceptorsLock) _interceptors = _interceptors.Add(interceptor);
    }

    public bool RemoveInterceptor(IDnsQueryInterceptor interceptor)
    {
        lock (_interceptorsLock)
        {
            var before = _interceptors;
            _interceptors = _interceptors.Remove(interceptor);
            return _interceptors.Length != before.Length;
        }
    }

    public Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_zone is not null) throw new InvalidOperationException($"{Name} is already started");
        cancellationToken.ThrowIfCancellationRequested();
        _log = context.Logs.CreateLogger<DnsNode>();
        _zone = new LabZone(_options, context.Directory);

        // Index order matches DnsView: Public, then Office.
        foreach (var (view, host) in new[] { (DnsView.Public, _options.PublicServiceHost), (DnsView.Office, _options.OfficeServiceHost) })
        {
            var listener = DnsListener.Start(context.BindAddress, _silenced,
                (_, e) => OnQueryAsync(view, e), OnLibraryException);
            _listeners.Add(listener);
            var viewName = view.ToString().ToLowerInvariant();
            foreach (var transport in new[] { Transport.Udp, Transport.Tcp })
            {
                var service = new ServiceAddress(host, DnsPort, transport);
                context.Directory.Register(service, listener.EndPoint);
                _endpoints.Add(new NodeEndpoint($"{viewName}-{transport.ToString().ToLowerInvariant()}", "dns",
                    listener.EndPoint.Address.ToString(), listener.EndPoint.Port, service.ToString()));
            }
            _log.LogInformation("DNS {View} resolver {Service} listening on {EndPoint} (UDP and TCP)", viewName, host, listener.EndPoint);
        }
        return Task.CompletedTask;
    }

    private async Task OnQueryAsync(DnsView view, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            _log.LogWarning("DNS {View}: {Type} from {Client} is not a query; left to the library (SERVFAIL)", view, e.Query.GetType().Name, e.RemoteEndpoint);
            return;
        }

        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.IsRecursionAllowed = true;     // it is the resolver the laptop is given, not only an authority
        if (query.OperationCode != OperationCode.Query)
            response.ReturnCode = ReturnCode.NotImplemented;
        else if (query.Questions.Count != 1)
            response.ReturnCode = ReturnCode.FormatError;
        else if (!await AnswerAsync(view, query.Questions[0], e, response))
            return;

        e.Response = response;
        Interlocked.Increment(ref _answered);
    }

    /// <summary>Fills the response; false when the query is dropped and nothing must be sent.</summary>
    private async Task<bool> AnswerAsync(DnsView view, DnsQuestion question, QueryReceivedEventArgs e, DnsMessage response)
    {
        var zone = _zone!;
        var seen = new DnsQuery(LabZone.Normalize(question.Name), question.RecordType, view, e.RemoteEndpoint,
            e.TransportProtocol == TransportProtocol.Tcp ? Transport.Tcp : Transport.Udp);
        var (interception, by) = await InterceptAsync(seen);
        switch (interception.Action)
        {
            case DnsInterceptionAction.Pass:
                zone.Answer(response, question, view);
                _log.LogDebug("DNS {View}: {Name} {Type} from {Client} -> {Code}", view, seen.Name, seen.Type, seen.Client, response.ReturnCode);
                return true;
            case DnsInterceptionAction.Drop:
                _silenced.Mark(e.TransportProtocol, e.RemoteEndpoint, response.TransactionID);
                e.Response = response;      // swallowed on the way out
                Interlocked.Increment(ref _dropped);
                _log.LogInformation("DNS {View}: {Name} {Type} from {Client} dropped by {Interceptor}", view, seen.Name, seen.Type, seen.Client, by);
                return false;
            case DnsInterceptionAction.NxDomain:
                zone.AnswerNxDomain(response, seen.Name, view);
                break;
            case DnsInterceptionAction.ServFail:
                response.ReturnCode = ReturnCode.ServerFailure;
                break;
            case DnsInterceptionAction.WrongAddress:
                zone.AnswerAddress(response, question, interception.Address!);
                break;
        }
        _log.LogInformation("DNS {View}: {Name} {Type} from {Client} answered {Action} by {Interceptor}", view, seen.Name, seen.Type, seen.Client, interception.Action, by);
        return true;
    }

    private async ValueTask<(DnsInterception Interception, string? By)> InterceptAsync(DnsQuery query)
    {
        foreach (var interceptor in _interceptors)
        {
            DnsInterception result;
            try
            {
                result = await interceptor.InterceptAsync(query, _stopping.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref _failed);
                _log.LogError(ex, "DNS interceptor {Interceptor} failed on {Name} {Type}; answering SERVFAIL", interceptor.GetType().Name, query.Name, query.Type);
                return (DnsInterception.ServFail, interceptor.GetType().Name);
            }
            if (result.Action != DnsInterceptionAction.Pass) return (result, interceptor.GetType().Name);
        }
        return (DnsInterception.Pass, null);
    }

    private Task OnLibraryException(object sender, ExceptionEventArgs e)
    {
        Interlocked.Increment(ref _serverErrors);
        _log.LogWarning(e.Exception, "DNS server error");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        foreach (var listener in _listeners) listener.Dispose();
        _listeners.Clear();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
