using System.Diagnostics;

namespace FaultLab.Tests.Middleboxes.Http;

/// <summary>Runs real clients (openssl, curl, xmlsec1); a test whose tool is missing is ignored, not failed.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(8);

    public static void RequireOrIgnore(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));
        if (!found) Assert.Ignore($"{name} not installed: this test drives the real client");
    }

    public static async Task<ToolResult> RunAsync(string name, params string[] arguments)
    {
        RequireOrIgnore(name);
        var start = new ProcessStartInfo(name)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        process.StandardInput.Close();     // openssl s_client waits for input otherwise
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{name} {string.Join(' ', arguments)} did not finish within {RunTimeout.TotalSeconds} s");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
