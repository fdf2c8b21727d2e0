using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FaultLab.Nodes.Edge;
using FaultLab.Tunnel;

namespace FaultLab.Agent.PrivateAccess;

/// <summary>
/// Asks the private access broker to validate the device over mutual TLS: the broker's certificate must
/// chain to the lab root, and the device presents its enrollment certificate. Every failure comes back
/// as one line that starts the way the product words it ("Unable to validate device certificate").
/// </summary>
public sealed class PrivateAccessBrokerClient(StreamConnector connect, X509Certificate2 labRoot, TimeProvider deviceClock, TimeSpan timeout)
{
    /// <summary>The start of every reason, as the product logs it.</summary>
    public const string ProblemPrefix = "Unable to validate device certificate";

    private static readonly Uri Validate = new($"https://{EdgeNode.PrivateAccessBrokerHost}{PrivateAccessBroker.ValidatePath}");

    /// <summary>The broker's host name.</summary>
    public static string BrokerHost => EdgeNode.PrivateAccessBrokerHost;

    /// <summary>Null when the broker accepted the device, otherwise why not.</summary>
    public async Task<string?> ValidateAsync(DeviceCertificate device, CancellationToken cancellationToken)
    {
        using var http = new LaptopHttp(connect, labRoot, deviceClock, timeout,
            SslStreamCertificateContext.Create(device.Certificate, device.Intermediates, offline: true)) { TargetHost = BrokerHost };
        HttpResponseMessage response;
        try
        {
            response = await http.Client.PostAsJsonAsync(Validate, new JsonObject(), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (http.CertificateProblem is { } problem) return $"{ProblemPrefix}: {ServerProblem(http.LastIssuer, problem)}";
            var why = e is TaskCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : LaptopHttp.Innermost(e);
            return $"{ProblemPrefix}: the private access broker {BrokerHost} could not be reached: {why}";
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return null;
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string? error;
            try
            {
                error = (JsonNode.Parse(text) as JsonObject)?["error"]?.GetValue<string>();
            }
            catch (System.Text.Json.JsonException)
            {
                error = null;
            }
            var reason = error ?? text.Trim();
            // The broker words its refusals the product's way already; do not say it twice.
            if (reason.StartsWith(ProblemPrefix, StringComparison.Ordinal)) reason = reason[ProblemPrefix.Length..].TrimStart(':', ' ');
            return $"{ProblemPrefix}: the private access broker {BrokerHost} answered {(int)response.StatusCode}: {reason}";
        }
    }

    /// <summary>Who signed what the laptop was shown is the clue (an inspecting middlebox's CA, not the cloud's), so it leads.</summary>
    private static string ServerProblem(string? issuer, string problem) => issuer is null
        ? $"the private access broker {BrokerHost}: {problem}"
        : $"the private access broker {BrokerHost} presented a certificate issued by {issuer}, which the laptop refuses: {problem}";
}
