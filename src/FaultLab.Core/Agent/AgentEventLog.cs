namespace FaultLab.Agent;

/// <summary>
/// The agent's log: the last <see cref="Capacity"/> events for the status view, and every event
/// appended to agent.log in the log directory (what export-logs ships).
/// </summary>
public sealed class AgentEventLog
{
    public const int Capacity = 100;
    public const string FileName = "agent.log";

    private readonly Queue<AgentEvent> _recent = new();
    private readonly object _gate = new();
    private readonly Func<DateTimeOffset> _deviceNow;

    public AgentEventLog(string directory, Func<DateTimeOffset> deviceNow)
    {
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, FileName);
        _deviceNow = deviceNow;
    }

    public string FilePath { get; }

    public void Add(string message)
    {
        var entry = new AgentEvent(_deviceNow(), message);
        lock (_gate)
        {
            _recent.Enqueue(entry);
            while (_recent.Count > Capacity) _recent.Dequeue();
            // Small appends under the lock keep the file in event order.
            File.AppendAllText(FilePath, $"{entry.At:yyyy-MM-dd HH:mm:ss.fff}Z {entry.Message}{Environment.NewLine}");
        }
    }

    public IReadOnlyList<AgentEvent> Recent
    {
        get { lock (_gate) return _recent.ToArray(); }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _recent.Clear();
            File.WriteAllText(FilePath, "");
        }
    }
}
