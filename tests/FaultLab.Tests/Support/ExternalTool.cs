using System.Diagnostics;

namespace FaultLab.Tests.Support;

/// <summary>Runs a real command-line client (dig, curl, openssl, xmlsec1, tshark) found on PATH, with a hard timeout.</summary>
public static class ExternalTool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The tool's path, or the test is skipped with the reason (CI installs every tool).</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new IgnoreException($"{name} is not installed: this test drives the real client ('.ci/run' installs it)");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string executable, IEnumerable<string> arguments,
        string? workingDirectory = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
