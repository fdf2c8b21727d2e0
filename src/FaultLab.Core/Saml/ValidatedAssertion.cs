namespace FaultLab.Saml;

/// <summary>What an accepted assertion says: who signed in, through which IdP, for how long.</summary>
public sealed record ValidatedAssertion(
    string AssertionId,
    string Issuer,
    string NameId,
    string? NameIdFormat,
    string? SessionIndex,
    string? InResponseTo,
    DateTimeOffset IssueInstant,
    DateTimeOffset NotBefore,
    DateTimeOffset NotOnOrAfter,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes);
