using System.CommandLine;
using System.Diagnostics;
using System.Xml.Linq;
using FaultLab.Labs;
using FaultLab.Runtime;
using FaultLab.Runtime.Embedded;
using FaultLab.Verify;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Cli.Commands;

/// <summary>
/// faultlab selftest [LAB...]: the catalogue's regression test. For every lab: bring it up, verify
/// must FAIL with the fault in place; apply the reference solution; verify must PASS and the world
/// faults must still be active; tear down.
/// </summary>
public sealed class SelftestCommand : ICliCommand
{
    /// <summary>How long verify is watched before the fix: it must not pass at any poll.</summary>
    private static readonly TimeSpan BrokenWatch = TimeSpan.FromSeconds(6);
    /// <summary>How long the fixed lab has to pass (the agent reconnects, fails over, re-authenticates).</summary>
    private static readonly TimeSpan FixDeadline = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public Command Build(CliApp app)
    {
        var labs = new Argument<string[]>("LAB") { Arity = ArgumentArity.ZeroOrMore, Description = "Labs to test (default: the whole catalogue)" };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report (one testsuite per lab)", HelpName = "FILE" };
        var parallel = new Option<int>("--parallel") { Description = "Labs tested at once", DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount) };
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
                var table = new TextTable("LAB", "BROKEN", "FIXED", "WORLD FAULTS", "SECONDS", "PROBLEM");
                foreach (var r in results)
                    table.Add(r.Lab, r.FailsBroken ? "fails" : "PASSES", r.PassesFixed ? "passes" : "FAILS", r.WorldFaultsActive ? "active" : "OFF", r.Elapsed.TotalSeconds.ToString("0.0"), r.Problem);
                table.Write(env.Console.Out);
                env.Console.Out.WriteLine($"{results.Count(r => r.Passed)}/{results.Length} labs passed in {total.Elapsed.TotalSeconds:0.0} s");
            }
            if (parse.GetValue(junit) is { } file) WriteJUnit(file, results, total.Elapsed);
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
            async Task<VerifyReport> Verify() => await runner.RunAsync(lab, name, new InstanceVerifyContext(host.Instance), ct);

            // Broken: verify must not pass at any point while the agent settles.
            VerifyReport broken;
            var watch = Stopwatch.StartNew();
            do
            {
                broken = await Verify();
                if (broken.Passed) return new(lab.Id, false, false, false, clock.Elapsed, "verify passes with the fault in place", [broken]);
                await Task.Delay(PollInterval, ct);
            }
            while (watch.Elapsed < BrokenWatch);

            var output = new StringWriter();
            var cli = new CliApp(new CliConsole(output, output), state);
            foreach (var step in lab.Solution)
                if (await cli.RunAsync(SolutionStep.ArgumentsFor(step, name), ct) != ExitCodes.Ok)
                    return new(lab.Id, true, false, false, clock.Elapsed, $"solution step '{step}' failed: {output.ToString().Trim()}", [broken]);

            VerifyReport fixedReport;
            watch.Restart();
            do
            {
                fixedReport = await Verify();
                if (fixedReport.Passed) break;
                await Task.Delay(PollInterval, ct);
            }
            while (watch.Elapsed < FixDeadline);

            var worldOff = host.Instance.Faults.Where(f => f.Fault.Owner == Faults.FaultOwner.World && !f.Active).Select(f => f.Fault.Kind).ToArray();
            var problem = !fixedReport.Passed
                ? "after the solution: " + string.Join("; ", fixedReport.Checks.Where(c => !c.Passed).Select(c => c.Message))
                : worldOff.Length > 0 ? $"world faults switched off: {string.Join(", ", worldOff)}" : "";
            return new(lab.Id, true, fixedReport.Passed, worldOff.Length == 0, clock.Elapsed, problem, [broken, fixedReport]);
        }
    }

    private static void WriteJUnit(string file, IReadOnlyList<SelftestResult> results, TimeSpan total)
    {
        XElement Case(string lab, string name, bool passed, string message, double seconds) =>
            new("testcase", new XAttribute("name", name), new XAttribute("classname", $"selftest.{lab}"), new XAttribute("time", seconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)),
                passed ? null : new XElement("failure", new XAttribute("message", message), message));

        var suites = results.Select(r =>
        {
            var t = r.Elapsed.TotalSeconds / 3;
            var cases = new[]
            {
                Case(r.Lab, "verify fails with the fault in place", r.FailsBroken, "verify passes with the fault in place", t),
                Case(r.Lab, "verify passes after the reference solution", r.PassesFixed, r.Problem, t),
                Case(r.Lab, "world faults stay active", r.WorldFaultsActive, r.Problem, t),
            };
            return new XElement("testsuite",
                new XAttribute("name", r.Lab), new XAttribute("tests", cases.Length),
                new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)), new XAttribute("errors", 0), new XAttribute("skipped", 0),
                new XAttribute("time", r.Elapsed.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)),
                new XAttribute("timestamp", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss")), cases);
        });
        var document = new XDocument(new XElement("testsuites", new XAttribute("name", "faultlab selftest"),
            new XAttribute("time", total.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)), suites));
        document.Save(file);
    }
}
