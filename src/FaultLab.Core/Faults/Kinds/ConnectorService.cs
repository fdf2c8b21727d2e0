namespace FaultLab.Faults.Kinds;

/// <summary>The connector's services on the laptop.</summary>
public enum ConnectorService
{
    Tunnel,
    Agent,
}
