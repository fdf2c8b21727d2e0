namespace FaultLab.Nodes.Edge;

/// <summary>Who an edge is, as the ip-check page and HelloOk tell it: its name, its city and its cloud.</summary>
public sealed record EdgeIdentity(string Name, string City, string Cloud);
