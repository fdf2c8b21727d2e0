namespace FaultLab.Saml;

/// <summary>The outcome of validating a Response: the assertion when accepted, otherwise the reason and a message for a person.</summary>
public sealed record SamlValidationResult
{
    private SamlValidationResult(SamlValidationError error, string message, ValidatedAssertion? assertion)
    {
        Error = error;
        Message = message;
        Assertion = assertion;
    }

    public SamlValidationError Error { get; }

    /// <summary>What was found, worded for the person troubleshooting (names the values that did not match).</summary>
    public string Message { get; }

    /// <summary>The accepted assertion; null when rejected.</summary>
    public ValidatedAssertion? Assertion { get; }

    public bool IsValid => Error == SamlValidationError.None;

    public static SamlValidationResult Accepted(ValidatedAssertion assertion) =>
        new(SamlValidationError.None, $"assertion {assertion.AssertionId} for {assertion.NameId} accepted", assertion);

    public static SamlValidationResult Rejected(SamlValidationError error, string message) =>
        error == SamlValidationError.None
            ? throw new ArgumentException("a rejection needs a reason", nameof(error))
            : new(error, message, null);

    public override string ToString() => IsValid ? Message : $"{Error}: {Message}";
}
