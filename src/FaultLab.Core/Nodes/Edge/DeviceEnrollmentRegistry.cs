using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// The cloud's device enrollments, shared by all edges of an instance. One token is valid per
/// device id: enrolling the same id from another hostname issues a new token and revokes the old
/// one, which is how two cloned laptops end up taking turns (the "flapping" identity).
/// </summary>
public sealed class DeviceEnrollmentRegistry
{
    /// <summary>The check result's problem for a token that was never issued.</summary>
    public const string UnknownToken = "unknown device token";

    private readonly object _gate = new();
    private readonly Dictionary<string, EnrolledDevice> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);          // token -> device id
    private readonly Dictionary<string, string> _revoked = new(StringComparer.Ordinal);         // token -> why
    private readonly TimeProvider _clock;
    private int _revocations;

    public DeviceEnrollmentRegistry(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <summary>How many tokens were revoked because their device id enrolled again elsewhere.</summary>
    public int Revocations => Volatile.Read(ref _revocations);

    public IReadOnlyList<EnrolledDevice> Devices
    {
        get { lock (_gate) return _devices.Values.OrderBy(d => d.DeviceId, StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>
    /// Enrolls a device. The same device from the same hostname keeps its token (a repair or a
    /// restart re-enrolls); from a different hostname it gets a new one and the old one is revoked.
    /// </summary>
    public EnrolledDevice Enroll(string deviceId, string hostname, string user, JsonObject? posture)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        var postureCopy = posture?.DeepClone().AsObject() ?? new JsonObject();
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_devices.TryGetValue(deviceId, out var current))
            {
                if (string.Equals(current.Hostname, hostname, StringComparison.OrdinalIgnoreCase))
                {
                    var refreshed = current with { User = user, Posture = postureCopy, EnrolledAt = now };
                    _devices[deviceId] = refreshed;
                    return refreshed;
                }
                _tokens.Remove(current.DeviceToken);
                _revoked[current.DeviceToken] = $"device token revoked: device {deviceId} was enrolled again from host {hostname} (this token belonged to {current.Hostname})";
                _revocations++;
            }
            var device = new EnrolledDevice(deviceId, hostname, user, postureCopy, NewToken(), now);
            _devices[deviceId] = device;
            _tokens[device.DeviceToken] = deviceId;
            return device;
        }
    }

    /// <summary>Records the certificate just issued to <paramref name="deviceId"/>; any earlier one stops being its current certificate.</summary>
    public void RecordCertificate(string deviceId, string thumbprint)
    {
        lock (_gate)
        {
            if (_devices.TryGetValue(deviceId, out var device)) _devices[deviceId] = device with { CertificateThumbprint = thumbprint };
        }
    }

    /// <summary>The device as enrolled now, or null when the cloud does not know it.</summary>
    public EnrolledDevice? Find(string deviceId)
    {
        lock (_gate) return _devices.GetValueOrDefault(deviceId);
    }

    public DeviceTokenCheck Check(string token)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var deviceId)) return new DeviceTokenCheck(_devices[deviceId], null);
            return new DeviceTokenCheck(null, _revoked.TryGetValue(token, out var why) ? why : UnknownToken);
        }
    }

    /// <summary>Forgets a device (an admin removing it); its token stops working.</summary>
    public bool Remove(string deviceId)
    {
        lock (_gate)
        {
            if (!_devices.Remove(deviceId, out var device)) return false;
            _tokens.Remove(device.DeviceToken);
            _revoked[device.DeviceToken] = $"device token revoked: device {deviceId} was removed";
            return true;
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
