using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Nodes.Idp;

/// <summary>How the lab's SAML IdP is set up: its names, its users and where its signing certificate comes from.</summary>
public sealed record IdpOptions
{
    /// <summary>The lab name it serves HTTPS under (its TLS leaf and its directory entry, port 443).</summary>
    public string HostName { get; init; } = "idp.lab";

    /// <summary>The IdP's SAML entity id, the Issuer of every Response.</summary>
    public string EntityId { get; init; } = "https://idp.lab/saml";

    /// <summary>Who can sign in.</summary>
    public IReadOnlyList<IdpUser> Users { get; init; } =
    [
        new("alice@corp.lab", "correct-horse", "Alice Martin", ["employees", "vpn-users"]),
        new("bob@partner.lab", "battery-staple", "Bob Okafor", ["partners"]),
    ];

    /// <summary>
    /// Asked for the signing certificate (with its RSA private key) on every Response and metadata request,
    /// so the lab can rotate or expire it at runtime; null means the instance PKI's current IdpSigning.
    /// </summary>
    public Func<X509Certificate2>? SigningCertificate { get; init; }

    /// <summary>The SSO endpoint for both bindings, as published in metadata and expected as AuthnRequest Destination.</summary>
    public string SingleSignOnUrl => $"https://{HostName}{IdpNode.SsoPath}";

    /// <summary>Throws with the name of the offending setting when the IdP cannot work with these options.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(HostName) || Uri.CheckHostName(HostName) != UriHostNameType.Dns)
            throw new ArgumentException($"{nameof(IdpOptions)}.{nameof(HostName)} must be a DNS name (got '{HostName}')");
        if (!Uri.TryCreate(EntityId, UriKind.Absolute, out _))
            throw new ArgumentException($"{nameof(IdpOptions)}.{nameof(EntityId)} must be an absolute URI (got '{EntityId}')");
        if (Users is null || Users.Count == 0)
            throw new ArgumentException($"{nameof(IdpOptions)}.{nameof(Users)} must list at least one user");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in Users)
        {
            if (string.IsNullOrWhiteSpace(user.UserName) || string.IsNullOrEmpty(user.Password))
                throw new ArgumentException($"{nameof(IdpOptions)}.{nameof(Users)}: every user needs a user name and a password");
            if (!names.Add(user.UserName))
                throw new ArgumentException($"{nameof(IdpOptions)}.{nameof(Users)}: '{user.UserName}' is listed twice");
        }
    }
}
