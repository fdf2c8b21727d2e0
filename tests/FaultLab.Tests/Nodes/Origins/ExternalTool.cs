using System.Diagnostics;

namespace FaultLab.Tests.Nodes.Origins;

/// <summary>Runs a real client (dig, curl, openssl, ssh) found on PATH, with a hard timeout.</summary>
internal static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(8);

    /// <summary>The tool's full path, or Assert.Ignore when it is not installed.</summary>
    public static string Require(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Ignore($"{tool} not installed: this test drives the real {tool} client");
        return tool;
    }

    public static async Task<ToolRun> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? DefaultTimeout}");
        }
        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}
