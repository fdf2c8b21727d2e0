namespace FaultLab.Saml;

/// <summary>What an IdP asserts in one Response: to whom it goes and about which user.</summary>
/// <param name="Destination">The SP's assertion consumer service URL (Response Destination and SubjectConfirmationData Recipient).</param>
/// <param name="InResponseTo">The AuthnRequest ID it answers; null for an IdP-initiated response.</param>
/// <param name="Audience">The SP entity id the assertion is restricted to.</param>
/// <param name="NameId">The subject, e.g. the user's e-mail address.</param>
/// <param name="Attributes">Attribute name -> values for the AttributeStatement (omitted when empty).</param>
public sealed record SamlResponseContent(
    string Destination,
    string? InResponseTo,
    string Audience,
    string NameId,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Attributes = null)
{
    public string NameIdFormat { get; init; } = SamlNames.NameIdEmailAddress;
}
