namespace FaultLab.Nodes.Origins;

/// <summary>Settings of the corporate private app.</summary>
public sealed record PrivateAppOptions
{
    /// <summary>Node name within the instance.</summary>
    public string Name { get; init; } = "hr";

    /// <summary>The app's lab name, inside the corporate zone.</summary>
    public string Host { get; init; } = "hr.corp.lab";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("PrivateAppOptions.Name must not be empty");
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("PrivateAppOptions.Host must not be empty");
    }
}
