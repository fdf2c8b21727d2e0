using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>Enrollment with a certificate signing request: the cloud signs the device's own key with the lab's device CA.</summary>
public sealed class DeviceCertificateTests : EdgeLabFixture
{
    [Test]
    public async Task Enroll_WithSigningRequest_AnswersAClientCertificateForTheDeviceKeyFromTheDeviceCa()
    {
        using var device = new EnrollingDevice("dev-cert-1");

        var (certificate, chainPem) = await device.EnrollAsync(Api);
        using var _ = certificate;
        using var deviceCa = X509Certificate2.CreateFromPem(chainPem);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Lab.Pki.Root.Certificate);
        chain.ChainPolicy.ExtraStore.Add(deviceCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(chain.Build(certificate), Is.True, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
            Assert.That(deviceCa.Subject, Does.Contain("CN=FaultLab Device CA"));
            Assert.That(certificate.Issuer, Is.EqualTo(deviceCa.Subject));
            Assert.That(certificate.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("dev-cert-1"));
            Assert.That(eku, Is.EqualTo(new[] { "1.3.6.1.5.5.7.3.2" }), "client authentication only");
            Assert.That(certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(), Is.EqualTo(device.Key.ExportSubjectPublicKeyInfo()),
                "the cloud signs the device's own key; the private key never travelled");
            Assert.That(certificate.GetECDsaPublicKey()!.KeySize, Is.EqualTo(256));
            Assert.That(Lab.Enrollments.Find("dev-cert-1")!.CertificateThumbprint, Is.EqualTo(certificate.Thumbprint));
        });
    }

    [Test]
    public async Task Enroll_WithoutSigningRequest_AnswersOnlyTheToken()
    {
        using var response = await Api.PostAsJsonAsync("https://api.edge.lab/api/v1/enroll",
            new JsonObject { ["deviceId"] = "dev-no-csr", ["hostname"] = "LAPTOP-N", ["user"] = "alice@corp.lab" });

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(answer.ContainsKey("deviceToken"), Is.True);
        Assert.That(answer.ContainsKey("deviceCertificate"), Is.False);
        Assert.That(Lab.Enrollments.Find("dev-no-csr")!.CertificateThumbprint, Is.Null);
    }

    [Test]
    public async Task Enroll_WithAnRsaKey_Is400AndEnrollsNothing()
    {
        using var device = new EnrollingDevice("dev-rsa");
        using var rsa = RSA.Create(2048);
        var csr = new CertificateRequest("CN=dev-rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();

        using var response = await device.PostEnrollAsync(Api, csr);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorOf(response), Does.Contain("ECDSA P-256"));
        Assert.That(Lab.Enrollments.Find("dev-rsa"), Is.Null, "a refused request enrolls nothing");
    }

    [Test]
    public async Task Enroll_WithATamperedSigningRequest_Is400()
    {
        using var device = new EnrollingDevice("dev-tampered");
        var der = PemEncoding.Find(device.SigningRequestPem());
        var bytes = Convert.FromBase64String(device.SigningRequestPem()[der.Base64Data]);
        bytes[^3] ^= 0x5A;      // inside the signature: the request no longer proves the key
        var tampered = PemEncoding.WriteString("CERTIFICATE REQUEST", bytes);

        using var response = await device.PostEnrollAsync(Api, tampered);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorOf(response), Does.StartWith("csr is not a valid"));
    }

    [Test]
    public async Task ReEnroll_IssuesANewCertificate_AndOnlyTheNewOneIsCurrent()
    {
        using var device = new EnrollingDevice("dev-reissue");

        var (first, _) = await device.EnrollAsync(Api);
        var (second, _) = await device.EnrollAsync(Api);
        using (first)
        using (second)
        {
            Assert.That(second.SerialNumber, Is.Not.EqualTo(first.SerialNumber));
            Assert.That(Lab.Enrollments.Find("dev-reissue")!.CertificateThumbprint, Is.EqualTo(second.Thumbprint));
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
}
