using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using FaultLab.Nodes.Web;
using FaultLab.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// The inspecting half of the HTTP middlebox: Kestrel (fed by <see cref="HandoverTransport"/>)
/// terminates TLS with a leaf re-signed for the requested host, runs the link's request faults
/// and forwards what is left to the real service with YARP's <see cref="IHttpForwarder"/>.
/// </summary>
internal sealed class InspectingHttpServer : IAsyncDisposable
{
    public const string PlainEndpoint = "http";
    public const string TlsEndpoint = "https";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpMiddleboxOptions _options;
    private readonly HttpMiddleboxCounters _counters;
    private readonly Func<Func<IPAddress, bool>?> _signIn;
    private readonly UpstreamClients _upstream;
    private readonly ILogger _logger;
    private readonly HandoverTransport _transport = new();
    private readonly ConcurrentDictionary<(CertificateAuthority, string), SslStreamCertificateContext> _leaves = new();
    private readonly ForwarderRequestConfig _forwarding;
    private WebApplication? _app;
    private IHttpForwarder? _forwarder;

    public InspectingHttpServer(HttpMiddleboxOptions options, HttpMiddleboxCounters counters, Func<Func<IPAddress, bool>?> signIn, UpstreamClients upstream, ILogger logger)
    {
        _options = options;
        _counters = counters;
        _signIn = signIn;
        _upstream = upstream;
        _logger = logger;
        _forwarding = new ForwarderRequestConfig { ActivityTimeout = options.UpstreamActivityTimeout };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = QuietWebBuilder.Create();
        builder.Services.AddSingleton(_options.Context.Logs);
        builder.Services.AddSingleton<IConnectionListenerFactory>(_transport);
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.AllowHostHeaderOverride = true;     // explicit-proxy requests carry the authority in the target
            kestrel.Limits.MaxRequestBodySize = null;   // a middlebox passes what the origin accepts; limits are the origin's
            kestrel.Listen(new HandoverEndPoint(PlainEndpoint), listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(new HandoverEndPoint(TlsEndpoint), listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = c => ValueTask.FromResult(TlsOptionsFor(c)) });
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        _app = app;
    }

    /// <summary>Gives a connection to Kestrel; false when the server is stopping (the caller closes it).</summary>
    public bool TryAccept(HandedOverConnection connection, bool tls) =>
        _transport.TryHandOver(tls ? TlsEndpoint : PlainEndpoint, connection);

    private SslServerAuthenticationOptions TlsOptionsFor(TlsHandshakeCallbackContext handshake)
    {
        var origin = handshake.Connection.Features.Get<ConnectionOrigin>()
            ?? throw new InvalidOperationException("a TLS connection reached the inspecting server without its origin");
        var issuer = origin.Issuer ?? throw new InvalidOperationException("a TLS connection reached the inspecting server without a re-signing CA");
        // The client checks the name it asked for; without SNI, the CONNECT target is the best guess.
        var host = handshake.ClientHelloInfo.ServerName is { Length: > 0 } sni ? sni.ToLowerInvariant() : origin.DestinationHost!;
        var context = _leaves.GetOrAdd((issuer, host), key => WebNodeHost.ContextFor(key.Item1.LeafFor(key.Item2), key.Item1.IntermediatesForServer()));
        return new SslServerAuthenticationOptions { ServerCertificateContext = context };
    }

    private async Task HandleAsync(HttpContext http)
    {
        var origin = http.Features.Get<ConnectionOrigin>()
            ?? throw new InvalidOperationException("a request reached the inspecting server without its connection origin");
        var tls = http.Request.IsHttps;
        var host = origin.DestinationHost ?? http.Request.Host.Host;
        var port = origin.DestinationHost is not null ? origin.DestinationPort : http.Request.Host.Port ?? 80;
        if (string.IsNullOrEmpty(host))
        {
            _counters.Count(HttpMiddleboxEvent.MissingHost);
            await WriteTextAsync(http, StatusCodes.Status400BadRequest, "400 Bad Request: no Host header, so the destination is unknown");
            return;
        }
        _counters.Count(HttpMiddleboxEvent.RequestInspected);
        var client = origin.Client.Address;

        foreach (var (fault, fs) in _options.Faults.Active<IHttpRequestFault>())
        {
            var context = new HttpRequestFaultContext(http, fs, client, host, tls, _signIn(), _options.Context.Clock);
            if (await fault.ApplyAsync(context, http.RequestAborted) == HttpFaultOutcome.Answered)
            {
                _counters.Count(HttpMiddleboxEvent.AnsweredByFault);
                return;
            }
        }

        var authority = host.Contains(':') ? $"[{host}]" : host;
        var destination = $"{(tls ? "https" : "http")}://{authority}:{port}";
        // Empty, not Default: a transparent middlebox adds no X-Forwarded-* (the client's own address already reaches the origin).
        var error = await _forwarder!.SendAsync(http, destination, _upstream.For(client), _forwarding, HttpTransformer.Empty);
        if (error == ForwarderError.None)
        {
            _counters.Count(HttpMiddleboxEvent.Forwarded);
            return;
        }
        _counters.CountForwardError(error);
        var reason = Innermost(http.GetForwarderErrorFeature()?.Exception);
        _logger.LogInformation("link {Link}: forwarding {Method} {Destination}{Path} failed: {Error}: {Reason}",
            _options.Link, http.Request.Method, destination, http.Request.Path, error, reason);
        if (!http.Response.HasStarted)
            await WriteTextAsync(http, StatusCodes.Status502BadGateway, $"502 Bad Gateway: {error}: {reason}");
    }

    private static string Innermost(Exception? e)
    {
        if (e is null) return "no detail";
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    private static async Task WriteTextAsync(HttpContext http, int status, string text)
    {
        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(text + "\n", http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        using var timeout = new CancellationTokenSource(StopTimeout);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _app = null;
    }
}
