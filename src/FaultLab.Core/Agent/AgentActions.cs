namespace FaultLab.Agent;

/// <summary>The agent's More menu by name: restart-service, repair-app, update-policy, logout, login, clear-logs, capture, export-logs, clock.</summary>
public sealed class AgentActions
{
    private delegate Task<AgentActionResult> ActionBody(AgentService agent, IReadOnlyList<string> args, CancellationToken cancellationToken);

    private readonly Dictionary<string, ActionBody> _actions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["restart-service"] = async (a, _, ct) => new("restart-service", await a.RestartServiceAsync(ct)),
        ["repair-app"] = async (a, _, ct) => new("repair-app", await a.RepairAppAsync(ct)),
        ["update-policy"] = async (a, _, ct) => new("update-policy", await a.UpdatePolicyAsync(ct)),
        ["logout"] = async (a, _, _) => new("logout", await a.LogoutAsync()),
        ["login"] = async (a, _, _) => new("login", await a.LoginAsync()),
        ["clear-logs"] = (a, _, _) => Task.FromResult(new AgentActionResult("clear-logs", a.ClearLogs())),
        ["capture"] = async (a, args, _) => Argument(args, "capture", "start", "stop") == "start"
            ? new AgentActionResult("capture start", a.StartCapture())
            : new AgentActionResult("capture stop", await a.StopCaptureAsync()),
        ["export-logs"] = async (a, args, ct) =>
        {
            var path = await a.ExportLogsAsync(args.Count > 0 ? args[0] : null, ct);
            return new AgentActionResult("export-logs", $"logs exported to {path}", path);
        },
        ["clock"] = (a, args, _) => Task.FromResult(Argument(args, "clock", "status", "resync") == "status"
            ? new AgentActionResult("clock status", a.ClockStatus())
            : new AgentActionResult("clock resync", a.ClockResync())),
    };

    public IReadOnlyList<string> Names => _actions.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Runs an action; an unknown action or argument is an <see cref="ArgumentException"/> naming the choices.</summary>
    public Task<AgentActionResult> RunAsync(AgentService agent, string action, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (!_actions.TryGetValue(action, out var body))
            throw new ArgumentException($"unknown action '{action}'{Labs.NameSuggester.Hint(action, Names)} (actions: {string.Join(", ", Names)})");
        return body(agent, args, cancellationToken);
    }

    private static string Argument(IReadOnlyList<string> args, string action, params string[] choices)
    {
        var given = args.Count > 0 ? args[0].ToLowerInvariant() : "";
        return choices.Contains(given) ? given : throw new ArgumentException($"{action} takes {string.Join(" or ", choices)}, got '{(args.Count > 0 ? args[0] : "")}'");
    }
}
