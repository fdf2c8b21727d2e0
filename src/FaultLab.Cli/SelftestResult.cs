using FaultLab.Verify;

namespace FaultLab.Cli;

/// <summary>One lab's selftest: broken verify failed, fixed verify passed, world faults still on.</summary>
public sealed record SelftestResult(string Lab, bool FailsBroken, bool PassesFixed, bool WorldFaultsActive, TimeSpan Elapsed, string Problem, IReadOnlyList<VerifyReport> Reports)
{
    public bool Passed => FailsBroken && PassesFixed && WorldFaultsActive;
}
