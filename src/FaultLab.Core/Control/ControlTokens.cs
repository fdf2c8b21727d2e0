using System.Security.Cryptography;
using System.Text;

namespace FaultLab.Control;

/// <summary>The two bearer tokens of an instance, generated at start.</summary>
public sealed class ControlTokens
{
    public string Instructor { get; } = NewToken();
    public string Trainee { get; } = NewToken();

    /// <summary>The role a presented token grants, or null; compared in constant time.</summary>
    public ControlRole? RoleOf(string? presented)
    {
        if (presented is null) return null;
        var bytes = Encoding.UTF8.GetBytes(presented);
        if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(Instructor))) return ControlRole.Instructor;
        if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(Trainee))) return ControlRole.Trainee;
        return null;
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
