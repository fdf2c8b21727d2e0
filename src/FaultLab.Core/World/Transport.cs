namespace FaultLab.World;

/// <summary>The transport a lab service is reached over.</summary>
public enum Transport
{
    Tcp,
    Udp,
}
