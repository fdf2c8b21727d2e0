using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Web;

/// <summary>
/// Kestrel for the web nodes: listens on the bind address with ports allocated by the OS, plain
/// HTTP and/or HTTPS with a per-SNI certificate, and reports the ports it got.
/// </summary>
public sealed class WebNodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebNodeHost(WebApplication app, int? httpPort, int? httpsPort)
    {
        _app = app;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int? HttpPort { get; }
    public int? HttpsPort { get; }

    /// <summary>
    /// Starts a web node. <paramref name="certificateFor"/> gives the server certificate context for an
    /// SNI name (null when the client sent none); pass null for plain HTTP only.
    /// </summary>
    public static async Task<WebNodeHost> StartAsync(
        NodeContext context,
        bool http,
        Func<string?, SslStreamCertificateContext>? certificateFor,
        Action<WebApplication> map,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? services = null)
    {
        var builder = QuietWebBuilder.Create();
        builder.Services.AddSingleton(context.Logs);
        services?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (http) k.Listen(context.BindAddress, 0);
            if (certificateFor is not null)
                k.Listen(context.BindAddress, 0, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = c => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = certificateFor(c.ClientHelloInfo.ServerName is { Length: > 0 } sni ? sni : null),
                    }),
                }));
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        int? httpPort = null, httpsPort = null;
        foreach (var address in addresses)
        {
            var uri = new Uri(address);
            if (uri.Scheme == "https") httpsPort = uri.Port; else httpPort = uri.Port;
        }
        return new WebNodeHost(app, httpPort, httpsPort);
    }

    /// <summary>A server certificate context: the leaf and the intermediates a client needs to reach the root.</summary>
    public static SslStreamCertificateContext ContextFor(X509Certificate2 leaf, X509Certificate2Collection intermediates) =>
        SslStreamCertificateContext.Create(leaf, intermediates, offline: true);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>The remote address of a request, as the node sees it (IPv4-mapped addresses unwrapped).</summary>
    public static IPAddress RemoteAddress(Microsoft.AspNetCore.Http.HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress ?? IPAddress.None;
        return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
    }
}
