using FaultLab.Verify;

namespace FaultLab.Cli;

/// <summary>One lab's selftest: broken verify failed, fixed verify passed, world faults still on, and switching them off was noticed.</summary>
/// <param name="WorldFaultRemovalCaught">Null when the lab has no world fault or the run stopped earlier.</param>
/// <param name="Reports">The last broken verify, then the fixed one, then the one with the world faults off, as far as the run got.</param>
public sealed record SelftestResult(string Lab, bool FailsBroken, bool PassesFixed, bool WorldFaultsActive, bool? WorldFaultRemovalCaught, TimeSpan Elapsed, string Problem, IReadOnlyList<VerifyReport> Reports)
{
    public bool Passed => FailsBroken && PassesFixed && WorldFaultsActive && WorldFaultRemovalCaught != false;
}
