using FaultLab.Agent.Posture;
using FaultLab.Faults.Kinds;
using FaultLab.Settings;

namespace FaultLab.Tests.Agent.Posture;

public class PostureEvaluatorTests
{
    private static PostureResult Evaluate(SettingsDocument policy, SettingsDocument device) =>
        new PostureEvaluator().Evaluate(PostureRequirements.FromPolicy(policy), DevicePosture.FromDevice(device));

    [Test]
    public void DefaultLaptop_SatisfiesTheDefaultProfile()
    {
        var result = Evaluate(SettingsDocument.DefaultPolicy(), SettingsDocument.DefaultDevice());

        Assert.That(result.Satisfied, Is.True, result.Summary);
        Assert.That(result.Summary, Is.EqualTo("posture satisfied"));
    }

    // The device fault a lab uses to break posture; the failure must name the artifact that is wrong.
    [TestCase(PostureArtifact.DiskEncryption, "disk encryption is off")]
    [TestCase(PostureArtifact.AvService, "AV service is stopped")]
    [TestCase(PostureArtifact.OsVersion, "OS version 10.0.17763 is below the required 10.0.19045")]
    [TestCase(PostureArtifact.ClientCertificate, "client certificate is missing")]
    public void MissingArtifact_FailsThatCheckOnly_AndNamesWhatIsWrong(PostureArtifact artifact, string reason)
    {
        var policy = SettingsDocument.DefaultPolicy();
        policy.Set("posture.requireClientCertificate", true);
        var device = SettingsDocument.DefaultDevice();
        new PostureArtifactMissingFault { Artifact = artifact }.Apply(device);

        var result = Evaluate(policy, device);

        Assert.That(result.Satisfied, Is.False);
        var failure = result.Failures.Single();
        Assert.That(failure.Artifact, Is.EqualTo(artifact));
        Assert.That(failure.Reason, Is.EqualTo(reason));
        Assert.That(result.Summary, Is.EqualTo($"posture not satisfied: {reason}"));
    }

    [Test]
    public void CheckTheProfileDoesNotRequire_PassesAsNotRequired()
    {
        var device = SettingsDocument.DefaultDevice();
        device.Set("clientCertificate", false);

        var result = Evaluate(SettingsDocument.DefaultPolicy(), device);

        var certificate = result.Checks.Single(c => c.Artifact == PostureArtifact.ClientCertificate);
        Assert.That(certificate.Passed, Is.True);
        Assert.That(certificate.Required, Is.False);
        Assert.That(certificate.Reason, Is.EqualTo("not required"));
    }

    [TestCase("10.0.9", false)]
    [TestCase("10.0.19044", false)]
    [TestCase("10.0.19045", true)]
    [TestCase("10.0.19045.0", true)]
    [TestCase("10.0.100000", true)]
    [TestCase("10.1", true)]
    [TestCase("9.9.99999", false)]
    public void OsVersion_IsComparedNumerically_ComponentByComponent(string osVersion, bool passes)
    {
        var device = SettingsDocument.DefaultDevice();
        device.SetFromText("osVersion", osVersion);

        var check = Evaluate(SettingsDocument.DefaultPolicy(), device).Checks.Single(c => c.Artifact == PostureArtifact.OsVersion);

        Assert.That(check.Passed, Is.EqualTo(passes), check.Reason);
    }

    [Test]
    public void OsVersionThatIsNoVersion_FailsWithWhatTheDeviceReported()
    {
        var device = SettingsDocument.DefaultDevice();
        device.SetFromText("osVersion", "Windows 11");

        var check = Evaluate(SettingsDocument.DefaultPolicy(), device).Checks.Single(c => c.Artifact == PostureArtifact.OsVersion);

        Assert.That(check.Passed, Is.False);
        Assert.That(check.Reason, Is.EqualTo("OS version 'Windows 11' is not a dotted version"));
    }

    [Test]
    public void TwoArtifactsMissing_BothAreNamed()
    {
        var device = SettingsDocument.DefaultDevice();
        device.Set("diskEncryption", false);
        device.SetFromText("avService", "missing");

        var result = Evaluate(SettingsDocument.DefaultPolicy(), device);

        Assert.That(result.Summary, Is.EqualTo("posture not satisfied: disk encryption is off; AV service is missing"));
    }

    [Test]
    public void PolicyWithAMinimumThatIsNoVersion_IsRefusedNamingTheKey()
    {
        var policy = SettingsDocument.DefaultPolicy();
        policy.SetFromText("posture.minimumOsVersion", "latest");

        Assert.That(() => PostureRequirements.FromPolicy(policy),
            Throws.TypeOf<SettingsException>().With.Message.Contains("'posture.minimumOsVersion'"));
    }
}
