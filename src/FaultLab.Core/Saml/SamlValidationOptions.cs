using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Saml;

/// <summary>What a service provider checks an IdP's Response against.</summary>
public sealed record SamlValidationOptions
{
    /// <summary>The IdP signing certificate the SP pinned (from metadata or policy); KeyInfo in the message is never trusted.</summary>
    public required X509Certificate2 IdpCertificate { get; init; }

    /// <summary>This SP's entity id; the assertion's Audience must be it.</summary>
    public required string ExpectedAudience { get; init; }

    /// <summary>This SP's assertion consumer service URL; Destination and Recipient must be it.</summary>
    public required string ExpectedRecipient { get; init; }

    /// <summary>The IdP entity id the assertion's Issuer must be; null skips the check.</summary>
    public string? ExpectedIssuer { get; init; }

    /// <summary>
    /// Tolerance added on both sides of the IdP's validity window (NotBefore - skew .. NotOnOrAfter + skew).
    /// Zero by default, because the IdP's own window already is the lab's rule "a device clock more than
    /// 300 s off the IdP makes the assertion fail": NotBefore = IdP now - 30 s and NotOnOrAfter = IdP now
    /// + 300 s, so a device clock from 30 s behind to just under 300 s ahead is accepted (+0 s, +60 s,
    /// +299 s pass; +300 s, +412 s fail Expired; -31 s, -412 s fail NotYetValid). Libraries that add a
    /// further 300 s (python3-saml, Sustainsys) would accept the guide's +412 s, which the lab must not.
    /// </summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>Throws with the name of the offending setting when the options cannot work.</summary>
    public void Validate()
    {
        if (IdpCertificate is null) throw new ArgumentException($"{nameof(SamlValidationOptions)}.{nameof(IdpCertificate)} is required");
        if (string.IsNullOrWhiteSpace(ExpectedAudience))
            throw new ArgumentException($"{nameof(SamlValidationOptions)}.{nameof(ExpectedAudience)} must be the SP entity id");
        if (string.IsNullOrWhiteSpace(ExpectedRecipient))
            throw new ArgumentException($"{nameof(SamlValidationOptions)}.{nameof(ExpectedRecipient)} must be the SP's ACS URL");
        if (AllowedClockSkew < TimeSpan.Zero)
            throw new ArgumentException($"{nameof(SamlValidationOptions)}.{nameof(AllowedClockSkew)} must not be negative (got {AllowedClockSkew})");
    }
}
