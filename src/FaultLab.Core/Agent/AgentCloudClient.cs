using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultLab.Agent.PrivateAccess;
using FaultLab.Nodes.Edge;
using FaultLab.Saml;

namespace FaultLab.Agent;

/// <summary>
/// The agent's calls to the cloud API at api.edge.lab: enroll, fetch policy, hand the SAML assertion to the ACS.
/// Given the device's <see cref="DeviceCredential"/>, enrollment also sends a signing request for the device key
/// and keeps the certificate the cloud answers in it.
/// </summary>
public sealed class AgentCloudClient(Func<LaptopHttp> http, DeviceCredential? credential = null)
{
    private static readonly Uri Api = new($"https://{EdgeNode.ApiHost}");

    /// <summary>Enrolls the device and answers its device token.</summary>
    public async Task<string> EnrollAsync(string deviceId, string hostname, string user, JsonObject posture, CancellationToken cancellationToken)
    {
        using var client = http();
        client.TargetHost = EdgeNode.ApiHost;
        var body = new JsonObject { ["deviceId"] = deviceId, ["hostname"] = hostname, ["user"] = user, ["posture"] = posture };
        if (credential is not null) body["csr"] = credential.SigningRequestPem(deviceId);
        var answer = await SendAsync(client, "enroll", () => client.Client.PostAsJsonAsync(new Uri(Api, EdgeEnrollmentApi.EnrollPath), body, cancellationToken), cancellationToken);
        var token = answer["deviceToken"]?.GetValue<string>() ?? throw new AgentStepException("enroll", "the answer has no deviceToken");
        if (credential is not null)
        {
            if (answer["deviceCertificate"] is JsonValue pem && pem.TryGetValue<string>(out var certificate))
            {
                if (credential.Accept(certificate, answer["deviceCertificateChain"]?.GetValue<string>()) is { } problem)
                    throw new AgentStepException("enroll", problem);
            }
            else credential.Forget();
        }
        return token;
    }

    public async Task<AgentPolicy> FetchPolicyAsync(string deviceToken, CancellationToken cancellationToken)
    {
        using var client = http();
        client.TargetHost = EdgeNode.ApiHost;
        var answer = await SendAsync(client, "policy", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Api, EdgeEnrollmentApi.PolicyPath));
            request.Headers.Authorization = new("Bearer", deviceToken);
            return client.Client.SendAsync(request, cancellationToken);
        }, cancellationToken);
        return new AgentPolicy(answer);
    }

    /// <summary>Posts the SAMLResponse to the ACS; answers the auth token the tunnel's Hello carries.</summary>
    public async Task<string> PostAssertionAsync(string deviceToken, SamlPostForm form, CancellationToken cancellationToken)
    {
        using var client = http();
        client.TargetHost = EdgeNode.ApiHost;
        var answer = await SendAsync(client, "acs", () =>
        {
            var fields = new Dictionary<string, string> { [SamlNames.SamlResponseField] = form.SamlResponse };
            if (form.RelayState is not null) fields[SamlNames.RelayStateField] = form.RelayState;
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Api, EdgeEnrollmentApi.AssertionConsumerPath)) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Authorization = new("Bearer", deviceToken);
            return client.Client.SendAsync(request, cancellationToken);
        }, cancellationToken);
        return answer["authToken"]?.GetValue<string>() ?? throw new AgentStepException("acs", "the answer has no authToken");
    }

    private static async Task<JsonObject> SendAsync(LaptopHttp client, string step, Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentStepException(step, client.Describe(e), e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                body = null;
            }
            if (!response.IsSuccessStatusCode)
                throw new AgentStepException(step, $"{(int)response.StatusCode} {body?["error"]?.GetValue<string>() ?? text.Trim()}");
            return body ?? throw new AgentStepException(step, "the answer is not a JSON object");
        }
    }
}
