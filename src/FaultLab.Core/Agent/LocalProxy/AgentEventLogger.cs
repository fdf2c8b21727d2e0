using Microsoft.Extensions.Logging;

namespace FaultLab.Agent.LocalProxy;

/// <summary>An <see cref="ILogger"/> that writes information and above to the agent's event log, so shared socket plumbing reports there.</summary>
internal sealed class AgentEventLogger(AgentEventLog log, string prefix) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception);
        log.Add(exception is null ? $"{prefix}: {message}" : $"{prefix}: {message}: {exception.GetType().Name}: {exception.Message}");
    }
}
