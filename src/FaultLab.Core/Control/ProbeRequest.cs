namespace FaultLab.Control;

/// <summary>What a diagnostic probe aims at: host:port, a name or a URL.</summary>
public sealed record ProbeRequest(string Target);
