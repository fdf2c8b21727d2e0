using FaultLab.Settings;

namespace FaultLab.Agent;

/// <summary>Decides whether the device meets the policy's posture profile; the reason when it does not.</summary>
public interface IPostureCheck
{
    /// <summary>Null when the device passes, otherwise why not.</summary>
    string? Failure(SettingsDocument device, SettingsDocument policy);
}
