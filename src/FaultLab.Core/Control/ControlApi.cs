using FaultLab.Nodes.Web;
using System.Net;
using System.Text.Json;
using FaultLab.Runtime.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaultLab.Control;

/// <summary>
/// The instance's control API on loopback: JSON over HTTP with a bearer token per role. Every CLI
/// verb that acts on a running instance goes through it.
/// </summary>
public sealed class ControlApi : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly WebApplication _app;

    private ControlApi(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<ControlApi> StartAsync(InstanceHost host, ControlTokens tokens, CancellationToken cancellationToken)
    {
        var builder = QuietWebBuilder.Create();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.WriteIndented = true;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        var app = builder.Build();

        app.Use(async (http, next) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            var role = tokens.RoleOf(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null);
            if (role is null)
            {
                await Problem(http, StatusCodes.Status401Unauthorized, "missing or unknown token");
                return;
            }
            http.Items[typeof(ControlRole)] = role.Value;
            await next(http);
        });

        var v1 = app.MapGroup("/v1");
        foreach (var routes in ControlRoutes.All)
            routes.Map(v1, host);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ControlApi(app, address);
    }

    /// <summary>The caller's role, set by the token check.</summary>
    public static ControlRole RoleOf(HttpContext http) => (ControlRole)http.Items[typeof(ControlRole)]!;

    /// <summary>Refuses the request unless the caller is an instructor; returns whether it was refused.</summary>
    public static async Task<bool> RefuseUnlessInstructor(HttpContext http, string what)
    {
        if (RoleOf(http) == ControlRole.Instructor) return false;
        await Problem(http, StatusCodes.Status403Forbidden, $"{what} needs the instructor token");
        return true;
    }

    public static Task Problem(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ControlError(message), Json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
