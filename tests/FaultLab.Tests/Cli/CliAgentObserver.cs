using System.Text.Json.Nodes;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Cli;

/// <summary>
/// Reads what a trainee sees of the agent of a running lab, only through the CLI: its status
/// (polled until a state is reached, within a bounded deadline) and the outcome of its apps.
/// </summary>
internal static class CliAgentObserver
{
    /// <summary>Long enough for a DTLS timeout plus a TLS fallback on a busy machine; a healthy lab gets there in seconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    /// <summary>How often the status is read again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>What one app run printed with --json, and the CLI's exit code.</summary>
    public sealed record AppRun(int ExitCode, JsonNode Result)
    {
        public bool Ok => Result["ok"]!.GetValue<bool>();
        public string Summary => Result["summary"]!.GetValue<string>();
        public string? Field(string name) => Result["fields"]?[name]?.GetValue<string>();
        public override string ToString() => Result.ToJsonString();
    }

    public static async Task<JsonNode> StatusAsync(RunningLab lab)
    {
        var run = await lab.CliAsync("agent", lab.Host.Record.Name, "status", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), "agent status: " + run.Error);
        return JsonNode.Parse(run.Out)!;
    }

    /// <summary>Polls the status until <paramref name="condition"/> holds; fails with the last status seen at the deadline.</summary>
    public static async Task<JsonNode> StatusWhen(RunningLab lab, Func<JsonNode, bool> condition, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            var status = await StatusAsync(lab);
            if (condition(status)) return status;
            if (DateTime.UtcNow > until) Assert.Fail($"the agent never got there; last status: {status.ToJsonString()}");
            // Polling an observable state, not sleeping for readiness.
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Authenticated with the tunnel up (over either transport).</summary>
    public static Task<JsonNode> HealthyAsync(RunningLab lab) =>
        StatusWhen(lab, s => Text(s, "authentication") == "Authenticated" && Text(s, "tunnel").StartsWith("Established", StringComparison.Ordinal));

    /// <summary>The status read <paramref name="polls"/> times in a row, a poll interval apart.</summary>
    public static async Task<IReadOnlyList<JsonNode>> StatusesAsync(RunningLab lab, int polls)
    {
        var seen = new List<JsonNode>();
        for (var i = 0; i < polls; i++)
        {
            if (i > 0) await Task.Delay(PollInterval);
            seen.Add(await StatusAsync(lab));
        }
        return seen;
    }

    public static async Task<AppRun> AppAsync(RunningLab lab, string app)
    {
        var run = await lab.CliAsync("agent", lab.Host.Record.Name, "app", app, "--json");
        Assert.That(run.Out, Is.Not.Empty, $"agent app {app} printed nothing: {run.Error}");
        return new AppRun(run.ExitCode, JsonNode.Parse(run.Out)!);
    }

    /// <summary>Runs a CLI command against the lab and requires it to succeed.</summary>
    public static async Task<string> RunAsync(RunningLab lab, params string[] args)
    {
        var run = await lab.CliAsync(args);
        Assert.That(run.ExitCode, Is.EqualTo(0), $"faultlab {string.Join(' ', args)}: {run.Error}{run.Out}");
        return run.Out;
    }

    public static string Text(JsonNode status, string key) => status[key]?.GetValue<string>() ?? "";

    public static IEnumerable<string> Events(JsonNode status) =>
        status["events"]?.AsArray().Select(e => e?["message"]?.GetValue<string>() ?? "") ?? [];
}
