namespace FaultLab.Labs;

/// <summary>Where in the chain a lab's fault sits; lab files spell these in lower case.</summary>
public enum LabCategory
{
    Auth,
    Tunnel,
    Forwarding,
    Detection,
    Ssl,
    Posture,
    Lifecycle,
    Toolbox,
}
