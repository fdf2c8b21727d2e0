using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Agent.PrivateAccess;

/// <summary>
/// Private access is on only while the broker has validated this device's current enrollment
/// certificate over mutual TLS. A success holds for <see cref="SuccessLifetime"/>; after a failure
/// the health check asks again every <see cref="RetryAfterFailure"/>, and a private-access request
/// asks again at once, so a fix in the path is noticed without restarting the service.
/// </summary>
public sealed class PrivateAccessValidator : IDisposable
{
    /// <summary>How long a validation by the broker is trusted before it is asked again.</summary>
    public static readonly TimeSpan SuccessLifetime = TimeSpan.FromSeconds(10);

    /// <summary>How soon the health check asks the broker again after it refused or could not be reached.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>One exchange with the broker (connect, mutual-TLS handshake, answer).</summary>
    public static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Why private access is off before the broker was asked about the current certificate.</summary>
    public const string NotValidatedYet = "the private access broker has not validated the device certificate yet";

    /// <summary>Why private access is off when enrollment brought no certificate.</summary>
    public const string NoCertificate = PrivateAccessBrokerClient.ProblemPrefix + ": the device has no certificate from enrollment";

    private readonly object _gate = new();
    private readonly SemaphoreSlim _asking = new(1, 1);
    private readonly PrivateAccessBrokerClient _broker;
    private readonly TimeProvider _worldClock;
    private readonly Action<string> _log;
    private int? _checkedIssue;
    private string? _lastProblem = NotValidatedYet;
    private long _checkedAt;

    public PrivateAccessValidator(StreamConnector connect, X509Certificate2 labRoot, TimeProvider deviceClock, TimeProvider worldClock, Action<string> log)
    {
        _broker = new PrivateAccessBrokerClient(connect, labRoot, deviceClock, BrokerTimeout);
        _worldClock = worldClock;
        _log = log;
    }

    /// <summary>The device key and its enrollment certificate.</summary>
    public DeviceCredential Credential { get; } = new();

    /// <summary>Null while the broker's validation of the current certificate holds, otherwise why private access is off.</summary>
    public string? Problem
    {
        get
        {
            var current = Credential.Current;
            lock (_gate)
            {
                if (current is null) return NoCertificate;
                return _checkedIssue == current.Issue ? _lastProblem : NotValidatedYet;
            }
        }
    }

    /// <summary>
    /// Asks the broker unless a success for the current certificate still holds. <paramref name="retryFailureNow"/>
    /// asks again at once after a failure (a private-access request, or right after sign-in); without it a
    /// failure is asked again only once <see cref="RetryAfterFailure"/> passed (the health check).
    /// </summary>
    public async Task RevalidateAsync(bool retryFailureNow, CancellationToken cancellationToken)
    {
        await _asking.WaitAsync(cancellationToken);
        try
        {
            var device = Credential.Current;
            if (device is null) return;
            lock (_gate)
            {
                if (_checkedIssue == device.Issue)
                {
                    var age = _worldClock.GetElapsedTime(_checkedAt);
                    if (_lastProblem is null && age < SuccessLifetime) return;
                    if (_lastProblem is not null && !retryFailureNow && age < RetryAfterFailure) return;
                }
            }
            var problem = await _broker.ValidateAsync(device, cancellationToken);
            bool changed;
            lock (_gate)
            {
                changed = _checkedIssue != device.Issue || _lastProblem != problem;
                (_checkedIssue, _lastProblem, _checkedAt) = (device.Issue, problem, _worldClock.GetTimestamp());
            }
            if (changed)
                _log(problem ?? $"Private Access: the broker {PrivateAccessBrokerClient.BrokerHost} validated the device certificate ({device.Certificate.Subject})");
        }
        finally
        {
            _asking.Release();
        }
    }

    public void Dispose()
    {
        Credential.Dispose();
        _asking.Dispose();
    }
}
