using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Saml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// The cloud's device API on the primary edge: <c>POST /api/v1/enroll</c> issues a device token and,
/// when the body carries a PEM certificate signing request (<c>csr</c>), the device certificate the
/// private access broker authenticates the device with (<c>deviceCertificate</c>, <c>deviceCertificateChain</c>);
/// <c>GET /api/v1/policy</c> with <c>Authorization: Bearer &lt;token&gt;</c> returns the current policy.
/// <c>POST /saml/acs</c> (the assertion consumer) checks a SAMLResponse against the IdP signing
/// certificate in policy (<c>idp.signingCertificate</c>, PEM) with the world clock and answers the
/// device's auth token, so a middlebox that rewrote the assertion in transit is caught here.
/// Errors are JSON <c>{"error": reason}</c>.
/// </summary>
internal static class EdgeEnrollmentApi
{
    public const string EnrollPath = "/api/v1/enroll";
    public const string PolicyPath = "/api/v1/policy";
    public const string AssertionConsumerPath = "/saml/acs";

    /// <summary>The service provider entity id the agent asks the IdP for, and the ACS checks the Audience against.</summary>
    public const string ServiceProviderEntityId = "https://api.edge.lab/saml";

    /// <summary>The ACS URL as the agent names it in its AuthnRequest.</summary>
    public const string AssertionConsumerUrl = "https://api.edge.lab/saml/acs";

    public static void Map(WebApplication app, DeviceEnrollmentRegistry enrollments, Func<JsonObject> policy, ILogger log, TimeProvider? clock = null,
        DeviceCertificateIssuer? certificates = null)
    {
        var worldClock = clock ?? TimeProvider.System;
        app.MapPost(AssertionConsumerPath, async (HttpContext http) =>
        {
            var check = enrollments.Check(BearerToken(http) ?? "");
            if (!check.IsValid)
            {
                await WriteJsonAsync(http, StatusCodes.Status401Unauthorized, Error(check.Problem!));
                return;
            }
            if (!http.Request.HasFormContentType)
            {
                await WriteJsonAsync(http, StatusCodes.Status400BadRequest, Error("expected a form post carrying SAMLResponse"));
                return;
            }
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var certificate = IdpCertificateFrom(policy(), out var certificateProblem);
            if (certificate is null)
            {
                await WriteJsonAsync(http, StatusCodes.Status503ServiceUnavailable, Error(certificateProblem!));
                return;
            }
            var validator = new SamlResponseValidator(new SamlValidationOptions
            {
                IdpCertificate = certificate,
                ExpectedAudience = ServiceProviderEntityId,
                ExpectedRecipient = AssertionConsumerUrl,
            });
            var result = validator.Validate(form[SamlNames.SamlResponseField].ToString(), worldClock.GetUtcNow());
            if (!result.IsValid)
            {
                log.LogInformation("ACS refused the assertion of device {DeviceId}: {Reason}", check.Device!.DeviceId, result);
                await WriteJsonAsync(http, StatusCodes.Status401Unauthorized, Error($"SAML assertion refused: {result}"));
                return;
            }
            await WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["authToken"] = check.Device!.DeviceToken,
                ["user"] = result.Assertion!.NameId,
                ["notOnOrAfter"] = result.Assertion.NotOnOrAfter.ToString("O"),
            });
        });

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
            var csr = Text(body, "csr");
            var problem = deviceId is null ? "deviceId is required (a non-empty string)"
                : hostname is null ? "hostname is required (a non-empty string)"
                : user is null ? "user is required (a non-empty string)"
                : posture is not null and not JsonObject ? "posture must be an object"
                : body["csr"] is not null && csr is null ? "csr must be a PEM certificate signing request (a non-empty string)"
                : csr is not null && certificates is null ? "this cloud issues no device certificates (csr is not accepted here)"
                : null;
            if (problem is not null)
            {
                await WriteJsonAsync(http, StatusCodes.Status400BadRequest, Error(problem));
                return;
            }
            // The request is checked before enrolling, so a bad one changes nothing.
            var issued = csr is null ? null : certificates!.Issue(csr, deviceId!);
            if (issued?.Problem is { } csrProblem)
            {
                await WriteJsonAsync(http, StatusCodes.Status400BadRequest, Error(csrProblem));
                return;
            }
            var before = enrollments.Revocations;
            var device = enrollments.Enroll(deviceId!, hostname!, user!, posture as JsonObject);
            if (enrollments.Revocations != before)
                log.LogInformation("device {DeviceId} enrolled from {Hostname}; the token of its previous host was revoked", deviceId, hostname);
            var answer = new JsonObject { ["deviceToken"] = device.DeviceToken };
            if (issued?.Certificate is { } certificate)
            {
                enrollments.RecordCertificate(device.DeviceId, certificate.Thumbprint);
                answer["deviceCertificate"] = certificate.ExportCertificatePem();
                answer["deviceCertificateChain"] = issued.Issuer!.ExportCertificatePem();
                log.LogInformation("device {DeviceId} got certificate {Serial} from {Issuer}", deviceId, certificate.SerialNumber, issued.Issuer.Subject);
                certificate.Dispose();
            }
            await WriteJsonAsync(http, StatusCodes.Status200OK, answer);
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

    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length ? header[scheme.Length..].Trim() : null;
    }

    private static X509Certificate2? IdpCertificateFrom(JsonObject policy, out string? problem)
    {
        problem = null;
        if (policy["idp"]?["signingCertificate"] is not JsonValue value || !value.TryGetValue<string>(out var pem) || string.IsNullOrWhiteSpace(pem))
        {
            problem = "the policy has no IdP signing certificate (idp.signingCertificate)";
            return null;
        }
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            problem = $"idp.signingCertificate is not a PEM certificate: {e.Message}";
            return null;
        }
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
