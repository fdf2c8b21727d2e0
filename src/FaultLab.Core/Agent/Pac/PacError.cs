namespace FaultLab.Agent.Pac;

/// <summary>Why a PAC evaluation produced no decision, one member per way it can fail (<see cref="None"/> when it did).</summary>
public enum PacError
{
    /// <summary>Evaluated; the result holds at least one decision.</summary>
    None = 0,

    /// <summary>The PAC text is not valid JavaScript.</summary>
    SyntaxError,

    /// <summary>The PAC defines no FindProxyForURL function.</summary>
    MissingFunction,

    /// <summary>The script threw (a <c>throw</c>, a TypeError, a ReferenceError...).</summary>
    ScriptError,

    /// <summary>The script ran longer than the time limit (e.g. an endless loop) and was stopped.</summary>
    TimeLimitExceeded,

    /// <summary>The script called itself deeper than the recursion limit and was stopped.</summary>
    RecursionLimitExceeded,

    /// <summary>The script allocated more than the memory limit and was stopped.</summary>
    MemoryLimitExceeded,

    /// <summary>FindProxyForURL returned something other than a string, or a string with no entry the agent understands.</summary>
    BadResult,

    /// <summary>The script asked to resolve more distinct host names than one evaluation allows.</summary>
    TooManyLookups,
}
