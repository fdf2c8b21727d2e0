namespace FaultLab.Verify;

/// <summary>What one observation of a check found, before points and naming are added.</summary>
/// <param name="Passed">Whether the observed state is the expected one.</param>
/// <param name="Message">The observed state, or what is still wrong (never the fix).</param>
public readonly record struct CheckOutcome(bool Passed, string Message)
{
    public static CheckOutcome Held(string message) => new(true, message);

    public static CheckOutcome Failed(string message) => new(false, message);
}
