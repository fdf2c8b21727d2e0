using System.Diagnostics;
using FaultLab.Cli;
using FaultLab.Runtime;

namespace FaultLab.Tests.Cli;

/// <summary>Runs the faultlab CLI against a private state directory, in this process or as a real child process.</summary>
public sealed class CliRun : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);

    public CliRun()
    {
        Home = Path.Combine(Path.GetTempPath(), "faultlab-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Home);
    }

    public string Home { get; }
    public StateDirectory State => new(Home);
    public static string Labs => FaultLab.Tests.Labs.LabCatalogTests.RepositoryLabs();

    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>In-process: fast, for verbs that do not need a second process.</summary>
    public async Task<Result> InProcessAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new CliApp(new CliConsole(output, error), State).RunAsync([.. args, "--labs", Labs], CancellationToken.None);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>As a user runs it: 'dotnet faultlab.dll ...' with this run's state directory.</summary>
    public async Task<Result> ProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "faultlab.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["FAULTLAB_HOME"] = Home;
        start.Environment["FAULTLAB_LABS"] = Labs;
        start.Environment.Remove("FAULTLAB_TOKEN");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        // Whatever a failed test left running is stopped, so no process outlives the run.
        foreach (var record in State.List())
        {
            try
            {
                using var p = Process.GetProcessById(record.Pid);
                if (p.Id != Environment.ProcessId) p.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
        Directory.Delete(Home, recursive: true);
    }
}
