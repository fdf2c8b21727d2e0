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
        string? serverProblem = null;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, ct) => await connect(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = SslStreamCertificateContext.Create(device.Certificate, device.Intermediates, offline: true),
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    serverProblem = ServerProblem(certificate, chain);
                    return serverProblem is null;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = timeout };
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync(Validate, new JsonObject(), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (serverProblem is not null) return $"{ProblemPrefix}: {serverProblem}";
            var why = e is TaskCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : Innermost(e);
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

    private string? ServerProblem(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null) return $"the private access broker {BrokerHost} sent no certificate";
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var presented = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? [];
        if (ServerCertificateVerifier.Problem(leaf, presented, labRoot, BrokerHost, deviceClock.GetUtcNow()) is not { } problem) return null;
        // Who signed what the laptop was shown is the clue (an inspecting middlebox's CA, not the cloud's), so it leads.
        return leaf.MatchesHostname(BrokerHost)
            ? $"the private access broker {BrokerHost} presented a certificate issued by {leaf.Issuer}, which the laptop does not trust"
            : $"the private access broker {BrokerHost} presented a certificate for another name: {problem}";
    }

    private static string Innermost(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) message = $"{message}: {inner.Message}";
        return message;
    }
}
