namespace FaultLab.Agent.Network;

/// <summary>How configured trusted-network criteria combine.</summary>
public enum CriteriaMatch
{
    /// <summary>One matching criterion makes the network trusted.</summary>
    Any,

    /// <summary>Every configured criterion must match, so one leaked attribute cannot flip the verdict (scenario 8).</summary>
    All,
}
