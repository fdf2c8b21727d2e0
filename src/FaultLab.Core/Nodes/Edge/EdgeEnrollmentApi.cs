using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// The cloud's device API on the primary edge: <c>POST /api/v1/enroll</c> issues a device token,
/// <c>GET /api/v1/policy</c> with <c>Authorization: Bearer &lt;token&gt;</c> returns the current policy.
/// Errors are JSON <c>{"error": reason}</c>.
/// </summary>
internal static class EdgeEnrollmentApi
{
    public const string EnrollPath = "/api/v1/enroll";
    public const string PolicyPath = "/api/v1/policy";

    public static void Map(WebApplication app, DeviceEnrollmentRegistry enrollments, Func<JsonObject> policy, ILogger log)
    {
        app.MapPost(EnrollPath, async (HttpContext http) =>
        {
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
            }
            catch (JsonException e)
            {
                await WriteJsonAsync(http, StatusCodes.Status400BadRequest, Error($"the body is not JSON: {e.Message}"));
                return;
            }
            if (body is null)
            {
                await WriteJsonAsync(http, StatusCodes.Status400BadRequest, Error("the body must be a JSON object {deviceId, hostname, user, posture}"));
                return;
            }
            var deviceId = Text(body, "deviceId");
            var hostname = Text(body, "hostname");
            var user = Text(body, "user");
            var posture = body["posture"];
            var problem = deviceId is null ? "deviceId is required (a non-empty string)"
                : hostname is null ? "hostname is required (a non-empty string)"
                : user is null ? "user is required (a non-empty string)"
                : posture is not null and not JsonObject ? "posture must be an object"
                : null;
            if (problem is not null)
            {
                await WriteJsonAsync(http, StatusCodes.Status400BadRequest, Error(problem));
                return;
            }
            var before = enrollments.Revocations;
            var device = enrollments.Enroll(deviceId!, hostname!, user!, posture as JsonObject);
            if (enrollments.Revocations != before)
                log.LogInformation("device {DeviceId} enrolled from {Hostname}; the token of its previous host was revoked", deviceId, hostname);
            await WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject { ["deviceToken"] = device.DeviceToken });
        });

        app.MapGet(PolicyPath, async (HttpContext http) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            const string scheme = "Bearer ";
            if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteJsonAsync(http, StatusCodes.Status401Unauthorized, Error("missing device token (Authorization: Bearer <token>)"));
                return;
            }
            var check = enrollments.Check(header[scheme.Length..].Trim());
            if (!check.IsValid)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await WriteJsonAsync(http, StatusCodes.Status401Unauthorized, Error(check.Problem!));
                return;
            }
            await WriteJsonAsync(http, StatusCodes.Status200OK, policy());
        });
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static JsonObject Error(string reason) => new() { ["error"] = reason };

    private static async Task WriteJsonAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}
