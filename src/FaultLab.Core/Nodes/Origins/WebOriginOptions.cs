using FaultLab.Pki;

namespace FaultLab.Nodes.Origins;

/// <summary>Settings of one web site of "the internet".</summary>
public sealed record WebOriginOptions
{
    /// <summary>The site's lab name, e.g. "www.example.lab".</summary>
    public required string Host { get; init; }

    /// <summary>Node name within the instance; the host name when not set.</summary>
    public string? Name { get; init; }

    /// <summary>The CA that signs the site's certificate; the lab's public-origin CA when not set.</summary>
    public CertificateAuthority? Issuer { get; init; }

    /// <summary>Title of the home page; names the host when not set.</summary>
    public string? Title { get; init; }

    /// <summary>Text of the home page.</summary>
    public string Body { get; init; } = "This site is part of the FaultLab internet.";

    /// <summary>Also serve plain HTTP on port 80.</summary>
    public bool ServeHttp { get; init; } = true;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("WebOriginOptions.Host must not be empty");
        if (Name is { Length: 0 }) throw new ArgumentException($"WebOriginOptions.Name must not be empty (site {Host})");
    }
}
