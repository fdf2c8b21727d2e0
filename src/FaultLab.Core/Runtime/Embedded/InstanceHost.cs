using FaultLab.Control;
using FaultLab.Labs;
using Microsoft.Extensions.Logging;

namespace FaultLab.Runtime.Embedded;

/// <summary>
/// Hosts one lab instance in this process: starts it, serves its control API, records it in the
/// state directory, and on stop undoes all three.
/// </summary>
public sealed class InstanceHost : IAsyncDisposable
{
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StateDirectory _state;
    private ControlApi? _control;
    private InstanceRecord? _record;

    private InstanceHost(LabInstance instance, StateDirectory state)
    {
        Instance = instance;
        _state = state;
    }

    public LabInstance Instance { get; }
    public ControlTokens Tokens { get; } = new();

    /// <summary>The class-wide key that signs this instance's exported results.</summary>
    public string InstructorKey => _state.InstructorKey();

    /// <summary>The trainee's session: hints, verify attempts, first pass.</summary>
    public TraineeProgress Progress { get; private set; } = new(DateTimeOffset.MinValue);
    public InstanceRecord Record => _record ?? throw new InvalidOperationException("the instance is not started");

    /// <summary>Completes when someone asked the instance to stop (control API, signal).</summary>
    public Task StopRequested => _stopRequested.Task;

    public void RequestStop() => _stopRequested.TrySetResult();

    public static async Task<InstanceHost> StartAsync(LabDefinition lab, string name, StateDirectory state,
        ILoggerFactory logs, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (state.Read(name) is { } existing)
            throw new InstanceNameTakenException(name, existing);
        var instance = new LabInstance(lab, name, state.InstanceDir(name), logs);
        var host = new InstanceHost(instance, state);
        try
        {
            await instance.StartAsync(progress, cancellationToken);
            host._control = await ControlApi.StartAsync(host, host.Tokens, cancellationToken);
            host._record = new InstanceRecord(name, lab.Id, "embedded", Environment.ProcessId, host._control.BaseUrl,
                host.Tokens.Trainee, instance.Clock.GetUtcNow());
            state.Write(host._record, host.Tokens.Instructor);
            host.Progress = new TraineeProgress(host._record.StartedAt);
            progress.Report($"control API at {host._control.BaseUrl}");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public InstanceStatus Status() => new(
        Record.Name, Record.Lab, Record.Runtime, Record.Pid, Record.Control, Record.StartedAt,
        Instance.Device.Get("network")!.GetValue<string>(), Instance.PkiFiles, Instance.Network.CaptureFiles, Instance.NodeStatuses(), Instance.FaultStatuses());

    public async ValueTask DisposeAsync()
    {
        if (_control is not null) await _control.DisposeAsync();
        await Instance.DisposeAsync();
        if (_record is not null) _state.Remove(_record.Name);
        else if (Directory.Exists(Instance.WorkDirectory)) Directory.Delete(Instance.WorkDirectory, recursive: true);
    }
}
