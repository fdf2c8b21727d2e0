using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace FaultLab.Saml;

/// <summary>
/// The service provider's check of an IdP Response (HTTP-POST binding). It reads the one assertion at
/// /samlp:Response/saml:Assertion, requires that assertion to carry exactly one direct-child signature whose
/// only Reference is "#" + its ID, verifies it with the pinned IdP certificate only, then checks status,
/// issuer, audience, destination, recipient, InResponseTo and the validity window against the caller's
/// clock. Every failure is a <see cref="SamlValidationResult"/> with a reason, never an exception.
/// </summary>
public sealed class SamlResponseValidator
{
    private static readonly FrozenSet<string> AllowedTransforms = FrozenSet.Create(
        SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl);

    private static readonly FrozenSet<string> AllowedSignatureMethods = FrozenSet.Create(
        SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url);

    private readonly SamlValidationOptions _options;

    public SamlResponseValidator(SamlValidationOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Validates the base64 SAMLResponse form value at <paramref name="now"/> (the validating device's clock).</summary>
    /// <param name="samlResponse">The SAMLResponse field as posted.</param>
    /// <param name="now">The SP's (device's) current time; a skewed device clock is what the lab models.</param>
    /// <param name="expectedInResponseTo">The ID of the AuthnRequest this SP sent; null accepts any (IdP-initiated).</param>
    public SamlValidationResult Validate(string samlResponse, DateTimeOffset now, string? expectedInResponseTo = null) =>
        SamlPostBinding.TryDecode(samlResponse, out var xml, out var error)
            ? ValidateXml(xml, now, expectedInResponseTo)
            : Reject(SamlValidationError.Malformed, $"the SAMLResponse cannot be decoded: {error}");

    /// <summary>Validates an already decoded Response document.</summary>
    public SamlValidationResult ValidateXml(string xml, DateTimeOffset now, string? expectedInResponseTo = null)
    {
        if (!SamlXml.TryParse(xml, "the Response", out var document, out var error))
            return Reject(SamlValidationError.Malformed, error);
        var ns = SamlXml.Namespaces(document);

        if (document.SelectSingleNode("/samlp:Response", ns) is not XmlElement response)
            return Reject(SamlValidationError.Malformed, $"expected a samlp:Response, got {document.DocumentElement?.Name ?? "an empty document"}");

        return CheckStatus(response, ns)
            ?? SelectAssertion(document, ns, out var assertion)
            ?? CheckSignature(document, assertion!, ns, now)
            ?? CheckContent(response, assertion!, ns, now, expectedInResponseTo);
    }

    private static SamlValidationResult? CheckStatus(XmlElement response, XmlNamespaceManager ns)
    {
        if (response.SelectSingleNode("samlp:Status/samlp:StatusCode", ns) is not XmlElement code)
            return Reject(SamlValidationError.Malformed, "the Response has no samlp:Status/samlp:StatusCode");
        var value = code.GetAttribute("Value");
        if (value == SamlNames.StatusSuccess) return null;

        var detail = (code.SelectSingleNode("samlp:StatusCode/@Value", ns)?.Value is { } second ? $" / {second}" : "")
            + (response.SelectSingleNode("samlp:Status/samlp:StatusMessage", ns)?.InnerText is { Length: > 0 } text ? $" ({text.Trim()})" : "");
        return Reject(SamlValidationError.StatusNotSuccess, $"the IdP answered status {value}{detail}, not Success");
    }

    private static SamlValidationResult? SelectAssertion(XmlDocument document, XmlNamespaceManager ns, out XmlElement? assertion)
    {
        assertion = null;
        var atPath = document.SelectNodes("/samlp:Response/saml:Assertion", ns)!;
        var anywhere = document.SelectNodes("//saml:Assertion", ns)!.Count;
        if (atPath.Count == 0)
        {
            return document.SelectSingleNode("/samlp:Response/saml:EncryptedAssertion", ns) is not null
                ? Reject(SamlValidationError.Malformed, "the Response carries an EncryptedAssertion; encrypted assertions are not supported")
                : Reject(SamlValidationError.Malformed, anywhere == 0
                    ? "the Response carries no saml:Assertion"
                    : $"the Response has no saml:Assertion directly under samlp:Response ({anywhere} found elsewhere in the document)");
        }
        if (atPath.Count > 1 || anywhere > 1)
            return Reject(SamlValidationError.MultipleAssertions,
                $"the Response carries {anywhere} assertions ({atPath.Count} directly under samlp:Response); exactly one is accepted");

        assertion = (XmlElement)atPath[0]!;
        if (assertion.GetAttribute("ID").Length == 0)
            return Reject(SamlValidationError.Malformed, "the assertion has no ID");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (XmlElement element in document.SelectNodes("//*[@ID or @Id or @id]")!)
            foreach (var attribute in (string[])["ID", "Id", "id"])
                if (element.GetAttributeNode(attribute) is { } id && !seen.Add(id.Value))
                    return Reject(SamlValidationError.DuplicateId, $"the ID '{id.Value}' occurs more than once in the Response");
        return null;
    }

    private SamlValidationResult? CheckSignature(XmlDocument document, XmlElement assertion, XmlNamespaceManager ns, DateTimeOffset now)
    {
        var assertionId = assertion.GetAttribute("ID");
        var signatures = assertion.SelectNodes("ds:Signature", ns)!;
        if (signatures.Count != 1)
            return Reject(SamlValidationError.UnsignedAssertion, signatures.Count == 0
                ? $"the assertion {assertionId} carries no ds:Signature of its own"
                : $"the assertion {assertionId} carries {signatures.Count} ds:Signature elements; exactly one is accepted");

        var signedXml = new SignedXml(document);
        try
        {
            signedXml.LoadXml((XmlElement)signatures[0]!);
        }
        catch (CryptographicException e)
        {
            return Reject(SamlValidationError.BadSignature, $"the assertion's ds:Signature cannot be read: {e.Message}");
        }

        var references = signedXml.SignedInfo!.References;
        if (references.Count != 1)
            return Reject(SamlValidationError.WrongReference, $"the signature has {references.Count} references; exactly one (to #{assertionId}) is accepted");
        var reference = (Reference)references[0]!;
        if (reference.Uri != "#" + assertionId)
            return Reject(SamlValidationError.WrongReference,
                $"the signature references '{reference.Uri}', not the assertion that was read (#{assertionId})");
        for (var i = 0; i < reference.TransformChain.Count; i++)
        {
            var algorithm = reference.TransformChain[i].Algorithm;
            if (!AllowedTransforms.Contains(algorithm ?? ""))
                return Reject(SamlValidationError.WrongReference, $"the signature's reference uses the transform {algorithm}; only enveloped-signature and exclusive c14n are accepted");
        }
        if (!AllowedSignatureMethods.Contains(signedXml.SignatureMethod ?? ""))
            return Reject(SamlValidationError.BadSignature, $"the signature method {signedXml.SignatureMethod} is not accepted (RSA with SHA-256 or stronger is)");

        var pinned = _options.IdpCertificate;
        var notAfter = new DateTimeOffset(pinned.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(pinned.NotBefore.ToUniversalTime());
        if (now >= notAfter)
            return Reject(SamlValidationError.CertificateExpired,
                $"the IdP signing certificate {pinned.Subject} (thumbprint {pinned.Thumbprint}) expired at {SamlTime.Format(notAfter)}; validation time is {SamlTime.Format(now)}");
        if (now < notBefore)
            return Reject(SamlValidationError.CertificateNotYetValid,
                $"the IdP signing certificate {pinned.Subject} (thumbprint {pinned.Thumbprint}) is valid only from {SamlTime.Format(notBefore)}; validation time is {SamlTime.Format(now)}");

        try
        {
            if (signedXml.CheckSignature(pinned, verifySignatureOnly: true)) return null;
        }
        catch (CryptographicException e)
        {
            return Reject(SamlValidationError.BadSignature, $"the signature cannot be checked: {e.Message}");
        }

        if (KeyInfoCertificate(signedXml) is { } embedded && embedded.Thumbprint != pinned.Thumbprint && VerifiesWith(signedXml, embedded))
            return Reject(SamlValidationError.CertificateMismatch,
                $"the assertion is signed by {embedded.Subject} (thumbprint {embedded.Thumbprint}), not by the pinned IdP certificate (thumbprint {pinned.Thumbprint})");
        return Reject(SamlValidationError.BadSignature,
            $"the signature of assertion {assertionId} does not verify with the pinned IdP certificate (thumbprint {pinned.Thumbprint}): the signed content was changed after signing");
    }

    private SamlValidationResult CheckContent(XmlElement response, XmlElement assertion, XmlNamespaceManager ns, DateTimeOffset now, string? expectedInResponseTo)
    {
        var issuer = assertion.SelectSingleNode("saml:Issuer", ns)?.InnerText.Trim();
        if (string.IsNullOrEmpty(issuer))
            return Reject(SamlValidationError.Malformed, "the assertion has no Issuer");
        if (_options.ExpectedIssuer is { } expectedIssuer && issuer != expectedIssuer)
            return Reject(SamlValidationError.WrongIssuer, $"the assertion was issued by '{issuer}', expected '{expectedIssuer}'");

        if (assertion.SelectSingleNode("saml:Subject/saml:NameID", ns) is not XmlElement nameId || nameId.InnerText.Trim().Length == 0)
            return Reject(SamlValidationError.Malformed, "the assertion has no Subject/NameID");
        if (assertion.SelectSingleNode($"saml:Subject/saml:SubjectConfirmation[@Method='{SamlNames.BearerConfirmation}']/saml:SubjectConfirmationData", ns)
            is not XmlElement confirmation)
            return Reject(SamlValidationError.Malformed, "the assertion has no bearer SubjectConfirmation with SubjectConfirmationData");
        if (assertion.SelectSingleNode("saml:Conditions", ns) is not XmlElement conditions)
            return Reject(SamlValidationError.Malformed, "the assertion has no Conditions");

        var restrictions = conditions.SelectNodes("saml:AudienceRestriction", ns)!;
        if (restrictions.Count == 0)
            return Reject(SamlValidationError.WrongAudience, "the assertion has no AudienceRestriction, so it is not meant for this SP in particular");
        foreach (XmlElement restriction in restrictions)
        {
            var audiences = restriction.SelectNodes("saml:Audience", ns)!.Cast<XmlNode>().Select(a => a.InnerText.Trim()).ToList();
            if (!audiences.Contains(_options.ExpectedAudience, StringComparer.Ordinal))
                return Reject(SamlValidationError.WrongAudience,
                    $"the assertion is for audience {string.Join(", ", audiences.Select(a => $"'{a}'"))}, not this SP ('{_options.ExpectedAudience}')");
        }

        var destination = response.GetAttribute("Destination");
        if (destination.Length > 0 && destination != _options.ExpectedRecipient)
            return Reject(SamlValidationError.WrongDestination, $"the Response is addressed to '{destination}', not this SP's ACS '{_options.ExpectedRecipient}'");
        var recipient = confirmation.GetAttribute("Recipient");
        if (recipient != _options.ExpectedRecipient)
            return Reject(SamlValidationError.WrongRecipient, recipient.Length == 0
                ? "the bearer SubjectConfirmationData has no Recipient"
                : $"the bearer confirmation is for recipient '{recipient}', not this SP's ACS '{_options.ExpectedRecipient}'");

        var inResponseTo = confirmation.GetAttribute("InResponseTo");
        if (expectedInResponseTo is not null)
        {
            var responseInResponseTo = response.GetAttribute("InResponseTo");
            if (inResponseTo != expectedInResponseTo || (responseInResponseTo.Length > 0 && responseInResponseTo != expectedInResponseTo))
                return Reject(SamlValidationError.WrongInResponseTo,
                    $"the Response answers request '{(inResponseTo.Length > 0 ? inResponseTo : responseInResponseTo)}', not the request this SP sent ('{expectedInResponseTo}')");
        }

        return CheckTimes(assertion, conditions, confirmation, now, out var window)
            ?? SamlValidationResult.Accepted(new ValidatedAssertion(
                assertion.GetAttribute("ID"),
                issuer,
                nameId.InnerText.Trim(),
                nameId.GetAttribute("Format") is { Length: > 0 } format ? format : null,
                assertion.SelectSingleNode("saml:AuthnStatement/@SessionIndex", ns)?.Value,
                inResponseTo.Length > 0 ? inResponseTo : null,
                window.Issued,
                window.NotBefore ?? window.Issued,
                window.NotOnOrAfter,
                Attributes(assertion, ns)));
    }

    private SamlValidationResult? CheckTimes(XmlElement assertion, XmlElement conditions, XmlElement confirmation, DateTimeOffset now,
        out (DateTimeOffset Issued, DateTimeOffset? NotBefore, DateTimeOffset NotOnOrAfter) window)
    {
        window = default;
        if (!SamlTime.TryParse(assertion.GetAttribute("IssueInstant"), out var issued))
            return Reject(SamlValidationError.Malformed, "the assertion has no valid IssueInstant");
        if (!SamlTime.TryParse(confirmation.GetAttribute("NotOnOrAfter"), out var notOnOrAfter))
            return Reject(SamlValidationError.Malformed, "the bearer SubjectConfirmationData has no valid NotOnOrAfter");
        if (conditions.HasAttribute("NotOnOrAfter"))
        {
            if (!SamlTime.TryParse(conditions.GetAttribute("NotOnOrAfter"), out var conditionsEnd))
                return Reject(SamlValidationError.Malformed, "the Conditions NotOnOrAfter is not a valid time");
            if (conditionsEnd < notOnOrAfter) notOnOrAfter = conditionsEnd;
        }
        DateTimeOffset? notBefore = null;
        if (conditions.HasAttribute("NotBefore"))
        {
            if (!SamlTime.TryParse(conditions.GetAttribute("NotBefore"), out var start))
                return Reject(SamlValidationError.Malformed, "the Conditions NotBefore is not a valid time");
            notBefore = start;
        }
        window = (issued, notBefore, notOnOrAfter);

        var skew = _options.AllowedClockSkew;
        var offset = Seconds(now - issued);
        if (notBefore is { } from && now + skew < from)
            return Reject(SamlValidationError.NotYetValid,
                $"the assertion is valid from {SamlTime.Format(from)} (IdP time) but this device's clock says {SamlTime.Format(now)}, " +
                $"{offset} s from the IdP's IssueInstant {SamlTime.Format(issued)}; allowed clock skew {Seconds(skew)} s");
        if (now - skew >= notOnOrAfter)
            return Reject(SamlValidationError.Expired,
                $"the assertion expired at {SamlTime.Format(notOnOrAfter)} (IdP time) and this device's clock says {SamlTime.Format(now)}, " +
                $"{offset} s from the IdP's IssueInstant {SamlTime.Format(issued)}; allowed clock skew {Seconds(skew)} s");
        return null;
    }

    private static Dictionary<string, IReadOnlyList<string>> Attributes(XmlElement assertion, XmlNamespaceManager ns)
    {
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (XmlElement attribute in assertion.SelectNodes("saml:AttributeStatement/saml:Attribute", ns)!)
            attributes[attribute.GetAttribute("Name")] = attribute.SelectNodes("saml:AttributeValue", ns)!
                .Cast<XmlNode>().Select(v => v.InnerText).ToList();
        return attributes;
    }

    private static X509Certificate2? KeyInfoCertificate(SignedXml signedXml)
    {
        foreach (var clause in signedXml.KeyInfo.OfType<KeyInfoX509Data>())
            if (clause.Certificates?.OfType<X509Certificate2>().FirstOrDefault() is { } certificate)
                return certificate;
        return null;
    }

    private static bool VerifiesWith(SignedXml signedXml, X509Certificate2 certificate)
    {
        try
        {
            return signedXml.CheckSignature(certificate, verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return false;   // the embedded certificate is only consulted to name a mismatch; failing here leaves BadSignature
        }
    }

    private static string Seconds(TimeSpan span) => ((long)Math.Round(span.TotalSeconds)).ToString("+0;-0;0", CultureInfo.InvariantCulture);

    private static SamlValidationResult Reject(SamlValidationError error, string message) => SamlValidationResult.Rejected(error, message);
}
