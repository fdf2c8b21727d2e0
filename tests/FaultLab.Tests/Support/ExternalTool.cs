using System.Diagnostics;

namespace FaultLab.Tests.Support;

/// <summary>
/// Runs a real command-line client (dig, curl, openssl, xmlsec1, tshark, ssh) found on PATH, with a hard
/// timeout; a test whose tool is not installed is ignored, not failed.
/// </summary>
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

    /// <summary>
    /// Runs <paramref name="tool"/> (a path, or a name looked up with <see cref="Require"/>) with its standard input
    /// closed after <paramref name="stdin"/>, so clients such as openssl s_client end once they have done their part.
    /// </summary>
    public static async Task<ExternalToolResult> RunAsync(string tool, IEnumerable<string> arguments,
        string? workingDirectory = null, TimeSpan? timeout = null, string? stdin = null, CancellationToken cancellationToken = default)
    {
        var executable = Path.GetDirectoryName(tool) is { Length: > 0 } ? tool : Require(tool);
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
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)} did not finish within {limit.TotalSeconds:0.#} s");
        }
        return new ExternalToolResult(process.ExitCode, await stdout, await stderr);
    }
}
