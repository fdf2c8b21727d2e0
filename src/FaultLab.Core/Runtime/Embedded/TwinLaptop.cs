using System.Text.Json.Nodes;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Settings;

namespace FaultLab.Runtime.Embedded;

/// <summary>
/// The other laptop imaged from the same golden image: while the cloned-identity fault is on, it
/// keeps enrolling with the shared device id, so the cloud revokes this laptop's token each time.
/// </summary>
public sealed class TwinLaptop : IAsyncDisposable
{
    private static readonly TimeSpan EnrollInterval = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TwinLaptop(LabInstance instance, FaultSwitch fault)
    {
        var clone = (ClonedIdentityFault)fault.Fault;
        Hostname = clone.TwinHostname;
        Device = SettingsDocument.DefaultDevice();
        Device.Set("hostname", JsonValue.Create(clone.TwinHostname));
        Device.Set("deviceId", JsonValue.Create(clone.DeviceId));
        _loop = RunAsync(instance, fault, clone, _stop.Token);
    }

    public string Hostname { get; }

    /// <summary>The twin's device state, as a verify check comparing laptops sees it.</summary>
    public SettingsDocument Device { get; }

    private static async Task RunAsync(LabInstance instance, FaultSwitch fault, ClonedIdentityFault clone, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(EnrollInterval, instance.Clock);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!fault.Active) continue;
            instance.World.Enrollments.Enroll(clone.DeviceId, clone.TwinHostname, "bob@corp.lab", null);
            fault.Record("twin enrolled", $"{clone.TwinHostname} as {clone.DeviceId}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // the loop ends by cancellation
        }
        _stop.Dispose();
    }
}
