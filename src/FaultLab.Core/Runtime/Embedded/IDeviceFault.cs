using FaultLab.Settings;

namespace FaultLab.Runtime.Embedded;

/// <summary>A fault kind that sets the laptop's state when the lab starts (clock skew, a stopped service...); the agent lives with it.</summary>
public interface IDeviceFault
{
    void Apply(SettingsDocument device);
}
