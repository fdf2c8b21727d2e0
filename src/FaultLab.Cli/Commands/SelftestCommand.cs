using System.CommandLine;
using System.Diagnostics;
using FaultLab.Labs;
using FaultLab.Runtime;
using FaultLab.Runtime.Embedded;
using FaultLab.Verify;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Cli.Commands;

/// <summary>
/// faultlab selftest [LAB...]: the catalogue's regression test. For every lab: bring it up, verify
/// must FAIL with the fault in place; apply the reference solution; verify must PASS and the world
/// faults must still be active; then switching the world faults off must make verify fail; tear down.
/// </summary>
public sealed class SelftestCommand : ICliCommand
{
    /// <summary>How long verify is watched before the fix: it must not pass at any poll.</summary>
    private static readonly TimeSpan BrokenWatch = TimeSpan.FromSeconds(6);
    /// <summary>How long the fixed lab has to pass (the agent reconnects, fails over, re-authenticates).</summary>
    private static readonly TimeSpan FixDeadline = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static int DefaultParallelism => Math.Clamp(3 * Environment.ProcessorCount, 4, 12);

    public Command Build(CliApp app)
    {
        var labs = new Argument<string[]>("LAB") { Arity = ArgumentArity.ZeroOrMore, Description = "Labs to test (default: the whole catalogue)" };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report (one testsuite per lab; a testcase per phase and per verify check)", HelpName = "FILE" };
        var parallel = new Option<int>("--parallel") { Description = "Labs tested at once (default: three per core; a lab spends most of its time waiting on the agent, not on a CPU)", DefaultValueFactory = _ => DefaultParallelism, HelpName = "N" };
        var json = CommonOptions.Json();
        var command = new Command("selftest", "Every lab: verify fails with the fault in place, the reference solution makes it pass, world faults stay on") { labs, junit, parallel, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var chosen = parse.GetValue(labs) is { Length: > 0 } ids ? ids.Select(env.FindLab).ToArray() : env.Catalog.Labs.ToArray();
            foreach (var error in env.Catalog.Errors) env.Console.Error.WriteLine($"faultlab: refused {error}");
            var home = Path.Combine(Path.GetTempPath(), "faultlab-selftest-" + Guid.NewGuid().ToString("N")[..8]);
            var state = new StateDirectory(home);
            var total = Stopwatch.StartNew();
            using var gate = new SemaphoreSlim(Math.Max(1, parse.GetValue(parallel)));
            var done = 0;
            var results = await Task.WhenAll(chosen.Select(async lab =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    var result = await TestLabAsync(lab, state, ct);
                    lock (env.Console.Error)
                        env.Console.Error.WriteLine($"  [{Interlocked.Increment(ref done)}/{chosen.Length}] {lab.Id}: {(result.Passed ? "ok" : "FAILED: " + result.Problem)} ({result.Elapsed.TotalSeconds:0.0} s)");
                    return result;
                }
                finally
                {
                    gate.Release();
                }
            }));
            total.Stop();
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);

            if (parse.GetValue(json)) JsonOutput.Write(env.Console.Out, new { results, seconds = total.Elapsed.TotalSeconds });
            else
            {
                var table = new TextTable("LAB", "BROKEN", "FIXED", "WORLD FAULTS", "FAULT OFF", "SECONDS", "PROBLEM");
                foreach (var r in results)
                    table.Add(r.Lab, r.FailsBroken ? "fails" : "PASSES", r.PassesFixed ? "passes" : "FAILS", r.WorldFaultsActive ? "active" : "OFF", r.WorldFaultRemovalCaught switch { true => "caught", false => "MISSED", null => "-" }, r.Elapsed.TotalSeconds.ToString("0.0"), r.Problem);
                table.Write(env.Console.Out);
                env.Console.Out.WriteLine($"{results.Count(r => r.Passed)}/{results.Length} labs passed in {total.Elapsed.TotalSeconds:0.0} s");
            }
            if (parse.GetValue(junit) is { } file) WriteJUnit(file, results);
            return results.All(r => r.Passed) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static async Task<SelftestResult> TestLabAsync(LabDefinition lab, StateDirectory state, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var name = $"selftest-{lab.Id}";
        var host = await InstanceHost.StartAsync(lab, name, state, NullLoggerFactory.Instance, new Progress<string>(), ct);
        await using (host)
        {
            var runner = new VerifyRunner(new VerifyOptions { Clock = host.Instance.Clock });
            var checks = VerifyCheckRegistry.Standard.Build(lab, new VerifyOptions { Clock = host.Instance.Clock });
            async Task<VerifyReport> Verify() => await runner.RunAsync(lab.Id, name, checks, new InstanceVerifyContext(host.Instance), ct);
            SelftestResult Result(bool failsBroken, bool passesFixed, bool worldFaultsActive, bool? removalCaught, string problem, params VerifyReport[] reports) =>
                new(lab.Id, failsBroken, passesFixed, worldFaultsActive, removalCaught, clock.Elapsed, problem, reports);

            // Broken: verify must not pass at any point while the agent settles.
            VerifyReport broken;
            var watch = Stopwatch.StartNew();
            do
            {
                broken = await Verify();
                if (broken.Passed) return Result(false, false, false, null, "verify passes with the fault in place", broken);
                await Task.Delay(PollInterval, ct);
            }
            while (watch.Elapsed < BrokenWatch);

            var output = new StringWriter();
            var cli = new CliApp(new CliConsole(output, output), state);
            foreach (var step in lab.Solution)
                if (await cli.RunAsync(SolutionStep.ArgumentsFor(step, name), ct) != ExitCodes.Ok)
                    return Result(true, false, false, null, $"solution step '{step}' failed: {output.ToString().Trim()}", broken);

            VerifyReport fixedReport;
            watch.Restart();
            do
            {
                fixedReport = await Verify();
                if (fixedReport.Passed) break;
                await Task.Delay(PollInterval, ct);
            }
            while (watch.Elapsed < FixDeadline);

            var worldFaults = host.Instance.Faults.Where(f => f.Fault.Owner == Faults.FaultOwner.World).ToArray();
            var worldOff = worldFaults.Where(f => !f.Active).Select(f => f.Fault.Kind).ToArray();
            if (!fixedReport.Passed)
                return Result(true, false, worldOff.Length == 0, null,
                    "after the solution: " + string.Join("; ", fixedReport.Checks.Where(c => !c.Passed).Select(c => c.Message)), broken, fixedReport);
            if (worldOff.Length > 0)
                return Result(true, true, false, null, $"world faults switched off: {string.Join(", ", worldOff)}", broken, fixedReport);
            if (worldFaults.Length == 0)
                return Result(true, true, true, null, "", broken, fixedReport);

            // Taking the world's condition away is not a fix: the instructor switches it off and
            // every "fault still active" check must notice.
            foreach (var kind in worldFaults.Select(f => f.Fault.Kind).Distinct())
                if (await cli.RunAsync(["fault", name, "off", kind], ct) != ExitCodes.Ok)
                    return Result(true, true, true, false, $"'fault off {kind}' failed: {output.ToString().Trim()}", broken, fixedReport);
            var removed = await Verify();
            var faultChecks = checks.Select((check, index) => (check, index)).Where(c => c.check is Verify.Checks.FaultCheck).Select(c => c.index).ToArray();
            var unnoticed = faultChecks.Length == 0
                ? "no verify check notices the world fault being switched off"
                : string.Join("; ", faultChecks.Where(i => removed.Checks[i].Passed).Select(i => $"'{removed.Checks[i].Name}' still passes with the world fault off"));
            return Result(true, true, true, unnoticed.Length == 0, unnoticed, broken, fixedReport, removed);
        }
    }

    /// <summary>One testsuite per lab; one testcase per selftest phase, then one per verify check after the fix.</summary>
    private static void WriteJUnit(string file, IReadOnlyList<SelftestResult> results)
    {
        var reports = results.Select(r =>
        {
            var at = r.Reports[^1].At;
            var phase = r.Elapsed / Math.Max(1, r.Reports.Count);
            CheckResult Phase(string phaseName, bool passed) =>
                (passed ? CheckResult.Pass(phaseName, "held", 1) : CheckResult.Fail(phaseName, r.Problem, 1)) with { Elapsed = phase };
            var checks = new List<CheckResult>
            {
                Phase("verify fails with the fault in place", r.FailsBroken),
                Phase("verify passes after the reference solution", r.PassesFixed),
                Phase("world faults stay active", r.WorldFaultsActive),
            };
            if (r.WorldFaultRemovalCaught is { } caught) checks.Add(Phase("switching a world fault off fails verify", caught));
            if (r.Reports.Count > 1) checks.AddRange(r.Reports[1].Checks.Select(c => c with { Name = "after the fix: " + c.Name }));
            return new VerifyReport(r.Lab, "selftest", checks, at);
        });
        Grading.JUnitXmlWriter.Write(reports).Save(file);
    }
}
