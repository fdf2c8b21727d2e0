using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FaultLab.Nodes.Edge;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The private access broker at broker.private.edge.lab: mutual TLS with the device's enrollment certificate.</summary>
public sealed class PrivateAccessBrokerTests : EdgeLabFixture
{
    private static readonly Uri Validate = new("https://broker.private.edge.lab/v1/device/validate");

    [Test]
    public async Task Validate_WithTheEnrolledDevicesCertificate_AnswersPrivateAccessOn()
    {
        using var device = new EnrollingDevice("dev-broker-ok");
        var (certificate, _) = await device.EnrollAsync(Api);
        using var _ = certificate;
        using var broker = LabHttpClientFactory.Create(Lab.Directory, Lab.Pki.Root.Certificate, certificate);

        using var response = await broker.PostAsJsonAsync(Validate, new JsonObject());

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["device"]!.GetValue<string>(), Is.EqualTo("dev-broker-ok"));
        Assert.That(body["privateAccess"]!.GetValue<string>(), Is.EqualTo("on"));
    }

    [Test]
    public void Validate_WithoutAClientCertificate_IsRefusedInTheHandshake()
    {
        using var broker = LabHttpClientFactory.Create(Lab.Directory, Lab.Pki.Root.Certificate);

        Assert.ThrowsAsync<HttpRequestException>(() => broker.PostAsJsonAsync(Validate, new JsonObject()));
    }

    [Test]
    public async Task Validate_WithACertificateFromAnotherCa_Is403NamingTheDeviceCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dev-forged", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var forged = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var broker = LabHttpClientFactory.Create(Lab.Directory, Lab.Pki.Root.Certificate, forged);

        using var response = await broker.PostAsJsonAsync(Validate, new JsonObject());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ErrorOf(response), Does.StartWith("Unable to validate device certificate").And.Contain("FaultLab Device CA"));
    }

    [Test]
    public async Task Validate_WithACertificateASecondEnrollmentSuperseded_Is403()
    {
        using var device = new EnrollingDevice("dev-broker-old");
        var (old, _) = await device.EnrollAsync(Api);
        var (current, _) = await device.EnrollAsync(Api, hostnameOverride: "LAPTOP-CLONE");
        using var _ = old;
        using var __ = current;
        using var broker = LabHttpClientFactory.Create(Lab.Directory, Lab.Pki.Root.Certificate, old);

        using var response = await broker.PostAsJsonAsync(Validate, new JsonObject());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ErrorOf(response), Does.Contain("superseded").And.Contain("LAPTOP-CLONE"));
    }

    [Test]
    public async Task OpensslSClient_WithTheDeviceCertificate_GetsPrivateAccessOn()
    {
        var openssl = ExternalTool.Require("openssl");
        using var device = new EnrollingDevice("dev-openssl");
        var (certificate, chainPem) = await device.EnrollAsync(Api);
        using var _ = certificate;
        var directory = Directory.CreateTempSubdirectory("broker-mtls-").FullName;
        try
        {
            var certFile = Path.Combine(directory, "dev.pem");
            var keyFile = Path.Combine(directory, "dev.key");
            await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem() + "\n" + chainPem + "\n");
            await File.WriteAllTextAsync(keyFile, device.Key.ExportPkcs8PrivateKeyPem() + "\n");

            var result = await ExternalTool.RunAsync(openssl, SClient("-cert", certFile, "-key", keyFile), stdin: ValidateRequest, timeout: TimeSpan.FromSeconds(10));

            Assert.That(result.Output, Does.Contain("HTTP/1.1 200").And.Contain("\"privateAccess\":\"on\"").And.Contain("dev-openssl"), result.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task OpensslSClient_WithoutACertificate_IsRefused()
    {
        var openssl = ExternalTool.Require("openssl");

        var result = await ExternalTool.RunAsync(openssl, SClient(), stdin: ValidateRequest, timeout: TimeSpan.FromSeconds(10));

        // The broker's certificate verifies, then the connection ends before any answer: no certificate, no session.
        Assert.That(result.Error, Does.Contain("CN = broker.private.edge.lab"), result.ToString());
        Assert.That(result.Output, Does.Not.Contain("HTTP/1.1"), result.ToString());
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
    }

    private const string ValidateRequest = "POST /v1/device/validate HTTP/1.1\r\nHost: broker.private.edge.lab\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private string[] SClient(params string[] extra)
    {
        var endPoint = Lab.Resolve(EdgeNode.PrivateAccessBrokerHost, 443, Transport.Tcp);
        return ["s_client", "-connect", $"127.0.0.1:{endPoint.Port}", "-servername", EdgeNode.PrivateAccessBrokerHost,
            "-CAfile", Lab.RootPem, "-verify_return_error", "-quiet", "-ign_eof", .. extra];
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
}
