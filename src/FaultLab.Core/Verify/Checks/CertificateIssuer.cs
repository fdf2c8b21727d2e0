using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Verify.Checks;

/// <summary>Compares a certificate issuer as a client reports it with the issuer a lab expects.</summary>
internal static class CertificateIssuer
{
    /// <summary>
    /// True when <paramref name="expected"/> is the whole distinguished name or exactly its common
    /// name, so "FaultLab Origin CA" matches "CN=FaultLab Origin CA, O=FaultLab" but not "CN=AcmeProxy Origin CA".
    /// </summary>
    public static bool Matches(string? actual, string expected)
    {
        if (string.IsNullOrEmpty(actual)) return false;
        if (Normalize(actual).Equals(Normalize(expected), StringComparison.OrdinalIgnoreCase)) return true;
        return CommonName(actual) is { } cn && cn.Equals(expected.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static string? CommonName(string distinguishedName)
    {
        try
        {
            return new X500DistinguishedName(distinguishedName).EnumerateRelativeDistinguishedNames()
                .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.3")
                .Select(rdn => rdn.GetSingleElementValue())
                .FirstOrDefault();
        }
        catch (CryptographicException)
        {
            // Not a distinguished name (a client may report only a bare name): only the whole-text comparison applies.
            return null;
        }
    }

    private static string Normalize(string name) => string.Join(",", name.Split(',').Select(part => part.Trim()));
}
