namespace FaultLab.Saml;

/// <summary>Why a SAML Response was rejected, one member per way it can fail (<see cref="None"/> when accepted).</summary>
public enum SamlValidationError
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Not base64, not well-formed XML, not a samlp:Response, or a required element or attribute is missing or unreadable.</summary>
    Malformed,

    /// <summary>The IdP answered with a status other than Success (e.g. Requester, Responder).</summary>
    StatusNotSuccess,

    /// <summary>The Response holds more than one assertion: a signature-wrapping shape, never accepted.</summary>
    MultipleAssertions,

    /// <summary>Two elements carry the same ID, so a reference could resolve to an element other than the one read.</summary>
    DuplicateId,

    /// <summary>The assertion has no ds:Signature as its direct child (or more than one).</summary>
    UnsignedAssertion,

    /// <summary>The signature does not reference exactly the assertion read (wrong or extra Reference, unexpected transform).</summary>
    WrongReference,

    /// <summary>The signature does not verify with the pinned IdP certificate: the signed content was altered or the signature is broken.</summary>
    BadSignature,

    /// <summary>The assertion verifies with the certificate in its KeyInfo, but that is not the pinned IdP certificate (e.g. the IdP rotated its certificate).</summary>
    CertificateMismatch,

    /// <summary>The pinned IdP signing certificate has expired at validation time.</summary>
    CertificateExpired,

    /// <summary>The pinned IdP signing certificate is not yet valid at validation time.</summary>
    CertificateNotYetValid,

    /// <summary>The assertion's Issuer is not the expected IdP entity id.</summary>
    WrongIssuer,

    /// <summary>The assertion is restricted to another audience than this SP's entity id.</summary>
    WrongAudience,

    /// <summary>The Response Destination is not this SP's assertion consumer service URL.</summary>
    WrongDestination,

    /// <summary>The bearer SubjectConfirmationData Recipient is not this SP's assertion consumer service URL.</summary>
    WrongRecipient,

    /// <summary>The Response answers another AuthnRequest than the one this SP sent.</summary>
    WrongInResponseTo,

    /// <summary>The validation time is not before NotOnOrAfter: the assertion expired, or the device clock runs ahead.</summary>
    Expired,

    /// <summary>The validation time is before NotBefore: the device clock runs behind.</summary>
    NotYetValid,
}
