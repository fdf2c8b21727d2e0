using System.Diagnostics;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>Runs a real client (curl, openssl) with a deadline and collects what it printed.</summary>
internal static class ExternalTool
{
    /// <summary>Calls Assert.Ignore when <paramref name="tool"/> is not on the PATH.</summary>
    public static void RequireInstalled(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
        if (!found) Assert.Ignore($"{tool} not installed: this test needs the real client");
    }

    public static async Task<ExternalToolResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        process.StandardInput.Close();      // like </dev/null: the tool ends once it has done its part
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within {deadline.TotalSeconds:0} s");
        }
        return new ExternalToolResult(process.ExitCode, await output, await error);
    }
}
