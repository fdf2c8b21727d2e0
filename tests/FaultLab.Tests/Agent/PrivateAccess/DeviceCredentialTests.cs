using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Agent.PrivateAccess;
using FaultLab.Nodes.Edge;
using FaultLab.Pki;

namespace FaultLab.Tests.Agent.PrivateAccess;

/// <summary>The device's key and enrollment certificate as the agent keeps them.</summary>
public sealed class DeviceCredentialTests
{
    [Test]
    public void Accept_TheCertificateSignedForItsRequest_IsKeptWithThePrivateKey()
    {
        using var pki = LabPki.Create("credential-test", DateTimeOffset.UtcNow);
        using var credential = new DeviceCredential();
        var issue = new DeviceCertificateIssuer(() => pki.DeviceCa, TimeProvider.System).Issue(credential.SigningRequestPem("dev-1"), "dev-1");
        using var issued = issue.Certificate!;

        var problem = credential.Accept(issued.ExportCertificatePem(), issue.Issuer!.ExportCertificatePem());

        Assert.That(problem, Is.Null);
        var current = credential.Current!;
        Assert.That(current.Certificate.HasPrivateKey, Is.True);
        Assert.That(current.Certificate.Thumbprint, Is.EqualTo(issued.Thumbprint));
        Assert.That(current.Intermediates.Single().Subject, Does.Contain("FaultLab Device CA"));
    }

    [Test]
    public void Accept_ACertificateForAnotherKey_IsRefusedAndTheOldOneDropped()
    {
        using var pki = LabPki.Create("credential-test", DateTimeOffset.UtcNow);
        using var credential = new DeviceCredential();
        var issuer = new DeviceCertificateIssuer(() => pki.DeviceCa, TimeProvider.System);
        using var own = issuer.Issue(credential.SigningRequestPem("dev-1"), "dev-1").Certificate!;
        credential.Accept(own.ExportCertificatePem(), null);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=dev-1", otherKey, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var foreign = issuer.Issue(otherRequest, "dev-1").Certificate!;

        var problem = credential.Accept(foreign.ExportCertificatePem(), null);

        Assert.That(problem, Does.Contain("not for this device's key"));
        Assert.That(credential.Current, Is.Null);
    }

    [Test]
    public void Validator_BeforeEnrollment_SaysTheDeviceHasNoCertificate()
    {
        using var pki = LabPki.Create("credential-test", DateTimeOffset.UtcNow);
        using var validator = new PrivateAccessValidator((_, _, _) => throw new InvalidOperationException("no network in this test"),
            pki.Root.Certificate, TimeProvider.System, TimeProvider.System, _ => { });

        Assert.That(validator.Problem, Is.EqualTo(PrivateAccessValidator.NoCertificate));
    }

    [Test]
    public async Task Validator_BrokerUnreachable_IsOffWithTheReason_AndANewCertificateIsNotValidatedYet()
    {
        using var pki = LabPki.Create("credential-test", DateTimeOffset.UtcNow);
        var logged = new List<string>();
        using var validator = new PrivateAccessValidator((_, _, _) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostUnreachable),
            pki.Root.Certificate, TimeProvider.System, TimeProvider.System, logged.Add);
        var issuer = new DeviceCertificateIssuer(() => pki.DeviceCa, TimeProvider.System);
        using (var first = issuer.Issue(validator.Credential.SigningRequestPem("dev-1"), "dev-1").Certificate!)
            validator.Credential.Accept(first.ExportCertificatePem(), null);

        await validator.RevalidateAsync(retryFailureNow: true, CancellationToken.None);
        var unreachable = validator.Problem;
        using (var second = issuer.Issue(validator.Credential.SigningRequestPem("dev-1"), "dev-1").Certificate!)
            validator.Credential.Accept(second.ExportCertificatePem(), null);

        Assert.That(unreachable, Does.StartWith(PrivateAccessBrokerClient.ProblemPrefix).And.Contain("could not be reached"));
        Assert.That(logged, Is.EqualTo(new[] { unreachable }), "the failure is logged once");
        Assert.That(validator.Problem, Is.EqualTo(PrivateAccessValidator.NotValidatedYet), "a verdict holds only for the certificate it was about");
    }
}
