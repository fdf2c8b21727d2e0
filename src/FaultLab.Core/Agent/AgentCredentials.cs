namespace FaultLab.Agent;

/// <summary>What the user types into the IdP's sign-in page.</summary>
public sealed record AgentCredentials(string UserName, string Password)
{
    /// <summary>The lab's standard user.</summary>
    public static AgentCredentials Alice { get; } = new("alice@corp.lab", "correct-horse");
}
