using FaultLab.Agent.Posture;
using FaultLab.Settings;

namespace FaultLab.Agent;

/// <summary>The policy's posture profile checked against the device's facts by the <see cref="PostureEvaluator"/>.</summary>
public sealed class DevicePostureCheck : IPostureCheck
{
    private readonly PostureEvaluator _evaluator = new();

    public string? Failure(SettingsDocument device, SettingsDocument policy)
    {
        var result = _evaluator.Evaluate(PostureRequirements.FromPolicy(policy), DevicePosture.FromDevice(device));
        return result.Satisfied ? null : result.Summary;
    }
}
