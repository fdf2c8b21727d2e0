namespace FaultLab.Verify;

/// <summary>What an app of the laptop saw when it ran through the agent.</summary>
/// <param name="Name">The app, e.g. "ipcheck".</param>
/// <param name="Ok">The app did its job (page loaded, call connected, file downloaded).</param>
/// <param name="Summary">What the user sees, e.g. the ip-check page's sentence or the error text.</param>
public sealed record AppResult(string Name, bool Ok, string Summary)
{
    /// <summary>ipcheck: the request came through an edge.</summary>
    public bool? Connected { get; init; }

    /// <summary>ipcheck: the edge's city as the page names it.</summary>
    public string? City { get; init; }

    /// <summary>HTTPS apps: the issuer distinguished name of the server certificate the app received.</summary>
    public string? Issuer { get; init; }

    /// <summary>teams: media datagrams lost, in percent of those sent.</summary>
    public double? LossPercent { get; init; }

    /// <summary>The app was refused by policy (e.g. posture), as opposed to failing on the network.</summary>
    public bool? Denied { get; init; }

    /// <summary>Any further named observations, for messages and for labs that match on them.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
