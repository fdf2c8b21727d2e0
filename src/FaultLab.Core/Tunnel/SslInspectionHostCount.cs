namespace FaultLab.Tunnel;

/// <summary>TLS connections to one host that the edge inspected or passed through untouched.</summary>
public readonly record struct SslInspectionHostCount(string Host, int Inspected, int Bypassed);
