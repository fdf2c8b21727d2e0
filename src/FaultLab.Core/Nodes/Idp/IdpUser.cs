namespace FaultLab.Nodes.Idp;

/// <summary>A user the IdP can sign in; <see cref="UserName"/> (an e-mail address) becomes the assertion's NameID.</summary>
public sealed record IdpUser(string UserName, string Password, string DisplayName, IReadOnlyList<string> Groups);
