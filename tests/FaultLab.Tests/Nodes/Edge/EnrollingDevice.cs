using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>A device as a test plays it: its own P-256 key, enrolled over the real API with a signing request.</summary>
internal sealed class EnrollingDevice(string deviceId, string hostname = "LAPTOP-1") : IDisposable
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string DeviceId => deviceId;

    public string SigningRequestPem() =>
        new CertificateRequest($"CN={deviceId}", Key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    /// <summary>Posts an enrollment with <paramref name="csr"/> (the device's own request by default); the raw answer.</summary>
    public Task<HttpResponseMessage> PostEnrollAsync(HttpClient api, string? csr = null, string? hostnameOverride = null) =>
        api.PostAsJsonAsync("https://api.edge.lab/api/v1/enroll", new JsonObject
        {
            ["deviceId"] = deviceId,
            ["hostname"] = hostnameOverride ?? hostname,
            ["user"] = "alice@corp.lab",
            ["csr"] = csr ?? SigningRequestPem(),
        });

    /// <summary>Enrolls and answers the issued certificate with the device's key, and the chain PEM the cloud sent.</summary>
    public async Task<(X509Certificate2 Certificate, string ChainPem)> EnrollAsync(HttpClient api, string? hostnameOverride = null)
    {
        using var response = await PostEnrollAsync(api, hostnameOverride: hostnameOverride);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        var answer = JsonNode.Parse(body)!;
        using var certificate = X509Certificate2.CreateFromPem(answer["deviceCertificate"]!.GetValue<string>());
        return (certificate.CopyWithPrivateKey(Key), answer["deviceCertificateChain"]!.GetValue<string>());
    }

    public void Dispose() => Key.Dispose();
}
