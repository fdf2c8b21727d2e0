using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Pki;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// How the private access broker judges the client certificate of a connection: it must chain to the
/// device CA under the lab root, allow client authentication, name an enrolled device in its CN, and be
/// the certificate that device got at its latest enrollment.
/// </summary>
public sealed class DeviceCertificateValidator(Func<CertificateAuthority> deviceCa, DeviceEnrollmentRegistry enrollments, TimeProvider clock)
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public DeviceValidation Validate(X509Certificate2? presented)
    {
        if (presented is null)
            return DeviceValidation.Refused(401, "no client certificate: private access authenticates the device with the certificate it got at enrollment");
        var ca = deviceCa();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
        chain.ChainPolicy.ExtraStore.Add(ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        if (!chain.Build(presented))
        {
            var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
            return DeviceValidation.Refused(403, $"Unable to validate device certificate: {presented.Subject} (issued by {presented.Issuer}) is not a device certificate of {ca.Certificate.Subject}: {string.Join("; ", statuses)}");
        }
        if (chain.ChainElements.Count < 2 || chain.ChainElements[1].Certificate.Thumbprint != ca.Certificate.Thumbprint)
            return DeviceValidation.Refused(403, $"Unable to validate device certificate: {presented.Subject} is issued by {presented.Issuer}, not by the device CA {ca.Certificate.Subject}");

        var deviceId = presented.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (enrollments.Find(deviceId) is not { } device)
            return DeviceValidation.Refused(403, $"Unable to validate device certificate: device {deviceId} is not enrolled", deviceId);
        if (!string.Equals(device.CertificateThumbprint, presented.Thumbprint, StringComparison.OrdinalIgnoreCase))
            return DeviceValidation.Refused(403, $"Unable to validate device certificate: the certificate of device {deviceId} was superseded by a later enrollment (from {device.Hostname})", deviceId);
        return DeviceValidation.Valid(device);
    }
}
