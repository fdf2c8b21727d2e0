using FaultLab.Nodes.Web;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// The private access broker (the product's ZPA broker) on the primary edge: HTTPS that requires a
/// client certificate in the TLS handshake (mutual TLS), and <c>POST /v1/device/validate</c>, which
/// answers 200 <c>{"device", "user", "privateAccess": "on"}</c> when that certificate is the enrolled
/// device's own, otherwise 401/403 <c>{"error": reason}</c>. A middlebox that re-signs the
/// connection cannot pass the device's certificate on, so the broker never sees it.
/// </summary>
public sealed class PrivateAccessBroker : IAsyncDisposable
{
    public const string ValidatePath = "/v1/device/validate";

    private readonly WebApplication _app;

    private PrivateAccessBroker(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    /// <summary>Where the broker listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Starts the broker with <paramref name="serverCertificate"/> (and the intermediates above it) on the bind address.</summary>
    public static async Task<PrivateAccessBroker> StartAsync(IPAddress bindAddress, X509Certificate2 serverCertificate, X509Certificate2Collection intermediates,
        DeviceCertificateValidator validator, ILogger log, CancellationToken cancellationToken)
    {
        var builder = QuietWebBuilder.Create();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(bindAddress, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                ServerCertificateChain = intermediates,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                // Any certificate gets through the handshake; the request is answered with why it is not accepted.
                ClientCertificateValidation = (_, _, _) => true,
                CheckCertificateRevocation = false,
            }));
        });
        var app = builder.Build();
        app.MapPost(ValidatePath, async (HttpContext http) =>
        {
            var certificate = await http.Connection.GetClientCertificateAsync(http.RequestAborted);
            var verdict = validator.Validate(certificate);
            JsonObject body;
            if (verdict.IsValid)
            {
                body = new JsonObject { ["device"] = verdict.DeviceId, ["user"] = verdict.User, ["privateAccess"] = "on" };
            }
            else
            {
                log.LogInformation("private access broker refused {Subject}: {Reason}", certificate?.Subject ?? "(no certificate)", verdict.Problem);
                body = new JsonObject { ["error"] = verdict.Problem, ["privateAccess"] = "off" };
            }
            http.Response.StatusCode = verdict.StatusCode;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PrivateAccessBroker(app, new IPEndPoint(bindAddress, new Uri(address).Port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
