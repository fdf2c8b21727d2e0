using FaultLab.Faults.Kinds;

namespace FaultLab.Agent.Posture;

/// <summary>One posture check: which artifact, whether the profile requires it, whether it passed and why.</summary>
/// <param name="Artifact">The artifact checked.</param>
/// <param name="Required">Whether the posture profile requires it; a check not required passes.</param>
/// <param name="Passed">Whether the device satisfies it.</param>
/// <param name="Reason">Names what is on the device, e.g. "disk encryption is off", "AV service is stopped".</param>
public sealed record PostureCheck(PostureArtifact Artifact, bool Required, bool Passed, string Reason)
{
    public override string ToString() => $"{Artifact}: {(Passed ? "pass" : "FAIL")} ({Reason})";
}
