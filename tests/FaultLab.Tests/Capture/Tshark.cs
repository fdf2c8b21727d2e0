using System.Diagnostics;

namespace FaultLab.Tests.Capture;

/// <summary>Runs the real tshark on a capture file, so tests check what an engineer would read.</summary>
internal static class Tshark
{
    /// <summary>How long one tshark run may take (its start-up loads every dissector).</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>tshark's standard output; the test is ignored when tshark is not installed, and fails when tshark reports an error.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var executable = Find() ?? throw new IgnoreException("tshark not installed: the capture cannot be read back with a real tool");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new AssertionException("tshark did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new AssertionException($"tshark {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>Each output line split into its tab-separated fields (for -T fields).</summary>
    public static async Task<string[][]> FieldsAsync(string file, string? filter, params string[] fields)
    {
        var arguments = new List<string> { "-r", file, "-T", "fields" };
        if (filter is not null) arguments.AddRange(["-Y", filter]);
        foreach (var field in fields) arguments.AddRange(["-e", field]);
        var output = await RunAsync([.. arguments]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r').Split('\t')).ToArray();
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "tshark"))
            .FirstOrDefault(File.Exists);
}
