namespace FaultLab.Control;

/// <summary>Who is calling the control API. A trainee can drive the laptop and diagnose, never read solutions or switch faults.</summary>
public enum ControlRole
{
    Trainee,
    Instructor,
}
