using System.IO.Compression;
using System.Text.Json.Nodes;
using FaultLab.Agent.Apps;
using FaultLab.Agent.Forwarding;
using FaultLab.Agent.LocalProxy;
using FaultLab.Agent.Network;
using FaultLab.Agent.PrivateAccess;
using FaultLab.Settings;
using FaultLab.Tunnel;

namespace FaultLab.Agent;

/// <summary>
/// The client connector on the laptop: a background loop that enrolls the device, signs the user in
/// over SAML, and keeps a tunnel to the edge it selected at service start, retrying each failed step
/// with back-off so the status shows the loop. Troubleshoot actions and the laptop's apps act through it.
/// </summary>
public sealed class AgentService : IAsyncDisposable
{
    private readonly AgentEnvironment _env;
    private readonly object _gate = new();
    private readonly AgentTunnelConnector _connector;
    private readonly AgentApps _apps;
    private readonly AgentActions _actions = new();
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private PcapRecorder? _capture;
    private int _captureNumber;
    private LocalProxyListener? _localProxy;
    // Starting and stopping the listener awaits sockets, so it is serialised apart from _gate.
    private readonly SemaphoreSlim _localProxyChange = new(1, 1);

    private string _authentication = "Authenticating";
    private string _tunnelText = "Down";
    private bool _failOpenActive;
    private NetworkState _networkState = NetworkState.OffTrusted;
    private SettingsDocument? _policySettings;
    private long? _tunnelFailingSince;
    private string? _lastError;
    private bool _loggedOut;
    private AgentPolicy? _policy;
    private string? _deviceToken;
    private string? _authToken;
    private TunnelClient? _tunnel;
    private AgentEdgeCandidate? _edge;
    private int? _edgeRttMs;
    private string? _edgeCity;
    private string? _postureFailure;

    public AgentService(AgentEnvironment environment)
    {
        if (environment.Edges.Count == 0) throw new ArgumentException("the agent needs at least one edge to choose from", nameof(environment));
        _env = environment;
        DeviceClock = new DeviceClock(environment.WorldClock, environment.Device);
        Log = new AgentEventLog(environment.LogDirectory, DeviceClock.GetUtcNow);
        Sockets = new LaptopSockets(environment.Network, () => _capture);
        PrivateAccessValidation = new PrivateAccessValidator(Sockets.ConnectTcpAsync, environment.LabRoot, DeviceClock, environment.WorldClock, Log.Add);
        _connector = new AgentTunnelConnector(environment.Network, environment.LabRoot, DeviceClock, environment.Timeouts);
        _apps = new AgentApps();
    }

    public DeviceClock DeviceClock { get; }

    public AgentEventLog Log { get; }

    public LaptopSockets Sockets { get; }

    /// <summary>The device certificate from enrollment and whether the private access broker validated it.</summary>
    public PrivateAccessValidator PrivateAccessValidation { get; }

    /// <summary>The packet capture running now; null when none is.</summary>
    public PcapRecorder? ActiveCapture
    {
        get { lock (_gate) return _capture; }
    }

    public AgentEnvironment Environment => _env;

    /// <summary>
    /// The local listening proxy, running while the forwarding action for the current network is
    /// tunnel-with-local-proxy and the service runs; null otherwise.
    /// </summary>
    public LocalProxyListener? LocalProxy
    {
        get { lock (_gate) return _localProxy; }
    }

    /// <summary>The posture check in use; replaceable before start by a fuller evaluator.</summary>
    public IPostureCheck Posture { get; init; } = new DevicePostureCheck();

    /// <summary>The network-state detection in use; replaceable before start by a fuller detector.</summary>
    public INetworkStateDetector NetworkDetector { get; init; } = new TrustedNetworkStateDetector();

    /// <summary>Decides per connection where it goes (tunnel, direct, blocked) from the forwarding profile.</summary>
    public ForwardingDecider Forwarding { get; init; } = new();

    private readonly Pac.PacEvaluator _pac = new();

    /// <summary>The policy last fetched; null before the first fetch.</summary>
    public AgentPolicy? Policy
    {
        get { lock (_gate) return _policy; }
    }

    /// <summary>Starts the service (when the device's agent service is running).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartLoop();
        return Task.CompletedTask;
    }

    public AgentStatus Status()
    {
        var device = _env.Device;
        var running = ServiceState("agent") is not ("stopped" or "failed");
        var version = device.Get("agentVersion")?.GetValue<string>() ?? "";
        var deviceId = device.Get("deviceId")?.GetValue<string>() ?? "";
        lock (_gate)
        {
            if (!running)
                return new AgentStatus(false, "Unavailable", "Off", "Off", "Off", "Down", _networkState.ToString(), null, version, deviceId,
                    $"the agent service is {ServiceState("agent")}: status unavailable (restart-service or repair-app)", Log.Recent);
            var tunnelUp = _tunnel is { IsConnected: true };
            var internet = tunnelUp ? "On" : "Off";
            var privateAccess = tunnelUp && _authentication == "Authenticated" && _postureFailure is null && PrivateAccessValidation.Problem is null ? "On" : "Off";
            var edge = _edge is null ? null : new AgentEdgeStatus(_edge.Name, _edgeCity, _edgeRttMs);
            var tunnelText = tunnelUp ? _tunnelText : _tunnelText.StartsWith("Established", StringComparison.Ordinal) ? "Down" : _tunnelText;
            return new AgentStatus(true, _authentication, internet, privateAccess, tunnelUp ? "On" : "Off", tunnelText, _networkState.ToString(),
                edge, version, deviceId, _lastError, Log.Recent) { LocalProxy = _localProxy?.Endpoint.ToString() };
        }
    }

    // ---- troubleshoot actions ----

    /// <summary>Re-reads device and policy, re-selects the edge and restarts the loop; brings a stopped service back.</summary>
    public async Task<string> RestartServiceAsync(CancellationToken cancellationToken)
    {
        foreach (var service in new[] { "agent", "tunnel" })
            if (ServiceState(service) == "stopped") SetService(service, "running");
        Log.Add("restart-service");
        await StopLoopAsync();
        lock (_gate)
        {
            _edge = null;
            _policy = null;
        }
        StartLoop();
        return "service restarted";
    }

    /// <summary>Like restart, and also repairs services that failed.</summary>
    public async Task<string> RepairAppAsync(CancellationToken cancellationToken)
    {
        foreach (var service in new[] { "agent", "tunnel" })
            if (ServiceState(service) is "stopped" or "failed") SetService(service, "running");
        Log.Add("repair-app");
        await RestartServiceAsync(cancellationToken);
        return "app repaired and service restarted";
    }

    public async Task<string> UpdatePolicyAsync(CancellationToken cancellationToken)
    {
        string? token;
        lock (_gate) token = _deviceToken;
        if (token is null) return "no device token yet: the agent has not enrolled";
        var policy = await Cloud().FetchPolicyAsync(token, cancellationToken);
        var settings = policy.ToSettings();
        lock (_gate)
        {
            _policy = policy;
            _policySettings = settings;
            _postureFailure = Posture.Failure(_env.Device, settings);
        }
        Log.Add("policy updated");
        await RedetectNetworkAsync(cancellationToken);
        return "policy updated";
    }

    public async Task<string> LogoutAsync()
    {
        Log.Add("logout");
        await StopLoopAsync();
        lock (_gate)
        {
            _loggedOut = true;
            _authentication = "LoginRequired";
            _authToken = null;
        }
        return "logged out";
    }

    public Task<string> LoginAsync()
    {
        Log.Add("login");
        lock (_gate) _loggedOut = false;
        StartLoop();
        return Task.FromResult("signing in");
    }

    public string ClearLogs()
    {
        Log.Clear();
        return "logs cleared";
    }

    public string StartCapture()
    {
        lock (_gate)
        {
            if (_policy is { PacketCaptureAllowed: false }) return "packet capture is not allowed by policy";
            if (_capture is not null) return $"capture already running: {Path.GetFileName(_capture.Path)}";
            _captureNumber++;
            _capture = new PcapRecorder(Path.Combine(_env.LogDirectory, $"capture-{_captureNumber}.pcap"), _env.WorldClock);
        }
        Log.Add("packet capture started");
        return "capture started";
    }

    public async Task<string> StopCaptureAsync()
    {
        PcapRecorder? capture;
        lock (_gate) (capture, _capture) = (_capture, null);
        if (capture is null) return "no capture running";
        await capture.DisposeAsync();
        Log.Add($"packet capture stopped: {capture.Packets} packets in {Path.GetFileName(capture.Path)}");
        return $"capture stopped: {capture.Packets} packets";
    }

    /// <summary>Writes a zip with agent.log and every capture; answers its path.</summary>
    public async Task<string> ExportLogsAsync(string? directory, CancellationToken cancellationToken)
    {
        var target = directory ?? _env.LogDirectory;
        Directory.CreateDirectory(target);
        var zipPath = Path.Combine(target, $"agent-logs-{DeviceClock.GetUtcNow():yyyyMMdd-HHmmss}.zip");
        await using (var zip = await ZipFile.OpenAsync(zipPath, ZipArchiveMode.Create, cancellationToken))
        {
            await zip.CreateEntryFromFileAsync(Log.FilePath, AgentEventLog.FileName, cancellationToken);
            foreach (var pcap in Directory.GetFiles(_env.LogDirectory, "*.pcap"))
                await zip.CreateEntryFromFileAsync(pcap, Path.GetFileName(pcap), cancellationToken);
        }
        Log.Add($"logs exported to {Path.GetFileName(zipPath)}");
        return zipPath;
    }

    public string ClockStatus()
    {
        var offset = DeviceClock.OffsetSeconds;
        return $"device clock {DeviceClock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}, world {_env.WorldClock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}, offset {offset:+0;-0;0} s"
            + (Math.Abs(offset) >= 300 ? " (more than 300 s off: SAML sign-in will fail)" : "");
    }

    public string ClockResync()
    {
        _env.Device.Set("clockOffsetSeconds", JsonValue.Create(0));
        Log.Add("clock resynchronised");
        return "device clock resynchronised (offset 0 s)";
    }

    /// <summary>Runs a troubleshoot action by name (the control API's and the CLI's entry point).</summary>
    public Task<AgentActionResult> RunActionAsync(string action, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        _actions.RunAsync(this, action, args, cancellationToken);

    /// <summary>Runs an app on the laptop; its traffic goes through the agent.</summary>
    public Task<AppResult> RunAppAsync(string name, CancellationToken cancellationToken) => _apps.RunAsync(name, this, cancellationToken);

    public IReadOnlyList<string> AppNames => _apps.Names;

    /// <summary>
    /// How traffic to <paramref name="host"/>:<paramref name="port"/> goes now, as the forwarding profile
    /// decides it: through the tunnel, direct (trusted network, bypass, fail-open), or blocked with the reason.
    /// </summary>
    /// <summary>Where a connection goes, with the PAC file evaluated first when the policy has one (Enforce PAC).</summary>
    public async Task<AgentRoute> RouteForAsync(string host, int port = 443, World.Transport transport = World.Transport.Tcp, CancellationToken cancellationToken = default)
    {
        string? pac;
        lock (_gate) pac = _policySettings?.Get("pac")?.GetValue<string>();
        Pac.PacResult? result = null;
        if (!string.IsNullOrWhiteSpace(pac))
        {
            var scheme = port == 80 ? "http" : "https";
            result = await _pac.EvaluateAsync(pac, $"{scheme}://{host}:{port}/", host,
                new Pac.PacEnvironment(LabDnsResolver.For(_env.Network), _env.Network.LaptopAddress) { Clock = DeviceClock }, cancellationToken);
        }
        return RouteFor(host, port, transport, result);
    }

    public AgentRoute RouteFor(string host, int port = 443, World.Transport transport = World.Transport.Tcp, Pac.PacResult? pac = null)
    {
        lock (_gate)
        {
            if (ServiceState("agent") is "stopped" or "failed" || _policySettings is null)
                return new AgentRoute(Sockets.ConnectTcpAsync, null, null);
            var tunnelUp = _tunnel is { IsConnected: true };
            // The tunnel counts as down for forwarding only once it failed longer than the fail-open timeout.
            var tunnelState = _failOpenActive && !tunnelUp ? TunnelState.Down : TunnelState.Up;
            var scheme = port == 80 ? "http" : "https";
            var decision = Forwarding.Decide(ForwardingPolicy.FromSettings(_policySettings, _env.Device), _networkState, tunnelState,
                new ForwardingRequest($"{scheme}://{host}:{port}/", host, port, transport), pac);
            switch (decision.Route)
            {
                case ForwardingRoute.Direct:
                    return new AgentRoute(Sockets.ConnectTcpAsync, null, null);
                case ForwardingRoute.Blocked:
                    return new AgentRoute(null, null, decision.Reason);
                case ForwardingRoute.LocalProxy when _localProxy is { } proxy:
                    // As a browser honouring the system proxy: CONNECT at the listener, which carries the bytes through the tunnel.
                    return new AgentRoute(SystemProxyConnector.Through(_env.Network.LaptopAddress, proxy.Endpoint), _tunnel is { IsConnected: true } viaProxy ? viaProxy : null, null)
                    {
                        LocalProxy = proxy.Endpoint,
                    };
                case ForwardingRoute.LocalProxy:
                    return new AgentRoute(null, null, $"the local proxy is not listening ({decision.Reason})");
                default:
                    if (_tunnel is { IsConnected: true } tunnel)
                        return new AgentRoute((h, p, ct) => OpenTunnelStreamAsync(tunnel, h, p, ct), tunnel, null);
                    return new AgentRoute(null, null, $"the tunnel is {_tunnelText.ToLowerInvariant()} ({decision.Reason})");
            }
        }
    }

    private async ValueTask<Stream> OpenTunnelStreamAsync(TunnelClient tunnel, string host, int port, CancellationToken cancellationToken)
    {
        var stream = await tunnel.OpenStreamAsync(host, port, World.Transport.Tcp, cancellationToken);
        // In the capture a tunnelled stream shows as the laptop talking to the origin it reaches.
        var address = _env.Network.Route(new World.ServiceAddress(host, port, World.Transport.Tcp))?.Address ?? System.Net.IPAddress.Loopback;
        var remote = new System.Net.IPEndPoint(address, port);
        var local = new System.Net.IPEndPoint(_env.Network.LaptopAddress, 40000 + (int)(stream.StreamId % 20000));
        return new CapturingStream(stream, local, remote, () => _capture);
    }

    /// <summary>Where the local proxy sends what it accepts: into the tunnel, as tunnelled apps' streams go; an IOException says why not.</summary>
    private async ValueTask<Stream> OpenLocalProxyUpstreamAsync(string host, int port, CancellationToken cancellationToken)
    {
        TunnelClient? tunnel;
        string text;
        lock (_gate) (tunnel, text) = (_tunnel, _tunnelText);
        if (tunnel is not { IsConnected: true })
            throw new IOException(text == "Connecting" ? "the tunnel is down (connecting)" : "the tunnel is down");
        return await OpenTunnelStreamAsync(tunnel, host, port, cancellationToken);
    }

    /// <summary>Starts the local proxy when the forwarding action for the current network wants it, and stops it when not.</summary>
    private async Task ReconcileLocalProxyAsync()
    {
        await _localProxyChange.WaitAsync(CancellationToken.None);
        try
        {
            LocalProxyListener? stale = null;
            bool start;
            string why;
            lock (_gate)
            {
                var wanted = LocalProxyWanted(out why);
                start = wanted && _localProxy is null;
                if (!wanted && _localProxy is not null) (stale, _localProxy) = (_localProxy, null);
            }
            if (stale is not null)
            {
                Log.Add($"local proxy on {stale.Endpoint} stops: {why}");
                await stale.DisposeAsync();
            }
            if (!start) return;
            LocalProxyListener proxy;
            try
            {
                proxy = LocalProxyListener.Start(_env.Network.LaptopAddress, OpenLocalProxyUpstreamAsync, Log);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                Failed($"local proxy: cannot listen on {_env.Network.LaptopAddress}: {e.Message}");
                return;
            }
            lock (_gate) _localProxy = proxy;
            Log.Add($"local proxy listening on {proxy.Endpoint} ({why})");
        }
        finally
        {
            _localProxyChange.Release();
        }
    }

    /// <summary>Whether the local proxy should run now, and why (called under <see cref="_gate"/>).</summary>
    private bool LocalProxyWanted(out string why)
    {
        if (_loopStop is not { IsCancellationRequested: false })
        {
            why = "the agent service loop stopped";
            return false;
        }
        if (ServiceState("agent") is "stopped" or "failed")
        {
            why = $"the agent service is {ServiceState("agent")}";
            return false;
        }
        if (_loggedOut || _policySettings is null)
        {
            why = _loggedOut ? "logged out" : "no policy yet";
            return false;
        }
        ForwardingAction action;
        try
        {
            action = ForwardingPolicy.FromSettings(_policySettings, _env.Device).Profile.ActionFor(_networkState);
        }
        catch (Settings.SettingsException e)
        {
            why = $"the forwarding profile is not usable: {e.Message}";
            return false;
        }
        why = $"forwarding action on {_networkState} is {action}";
        return action == ForwardingAction.TunnelWithLocalProxy;
    }

    /// <summary>Null when private access is on, otherwise why it is off.</summary>
    public string? PrivateAccessProblem()
    {
        lock (_gate)
        {
            if (_authentication != "Authenticated") return $"not authenticated ({_authentication})";
            if (_tunnel is not { IsConnected: true }) return "the tunnel is down";
            return _postureFailure ?? PrivateAccessValidation.Problem;
        }
    }

    internal LaptopHttp Http(StreamConnector connect, System.Security.Cryptography.X509Certificates.X509Certificate2? root = null) =>
        new(connect, root ?? _env.LabRoot, DeviceClock, _env.Timeouts.HttpRequest);

    // ---- the loop ----

    private void StartLoop()
    {
        lock (_gate)
        {
            if (_loop is { IsCompleted: false }) return;
            _loopStop = new CancellationTokenSource();
            var stop = _loopStop.Token;
            _loop = Task.Run(() => RunLoopAsync(stop), CancellationToken.None);
        }
    }

    private async Task StopLoopAsync()
    {
        Task? loop;
        CancellationTokenSource? stop;
        lock (_gate) (loop, stop) = (_loop, _loopStop);
        if (stop is not null) await stop.CancelAsync();
        if (loop is not null) await loop;
        stop?.Dispose();
        TunnelClient? tunnel;
        lock (_gate)
        {
            (tunnel, _tunnel) = (_tunnel, null);
            _tunnelText = "Down";
            _loop = null;
            _loopStop = null;
        }
        if (tunnel is not null) await tunnel.DisposeAsync();
        await ReconcileLocalProxyAsync();
    }

    private async Task RunLoopAsync(CancellationToken stop)
    {
        try
        {
            if (ServiceState("agent") is "stopped" or "failed")
            {
                Log.Add($"the agent service is {ServiceState("agent")}; not running");
                return;
            }
            bool loggedOut;
            lock (_gate) loggedOut = _loggedOut;
            if (loggedOut)
            {
                SetAuthentication("LoginRequired");
                return;
            }
            await AuthenticateUntilDoneAsync(stop);
            await KeepTunnelAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // restart, logout or dispose: the caller owns what happens next.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not end the loop silently: it shows as the last error until restart-service.
            Failed($"the agent loop stopped: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task AuthenticateUntilDoneAsync(CancellationToken stop)
    {
        var backoff = _env.Timeouts.FirstBackoff;
        while (true)
        {
            try
            {
                await AuthenticateOnceAsync(stop);
                return;
            }
            catch (Exception e) when (e is AgentStepException or System.Security.Cryptography.CryptographicException)
            {
                Failed(e.Message);
                bool registering;
                lock (_gate) registering = _authentication == "Registering";
                // A failed registration stays on screen for a moment before the window falls back, as the real client's does.
                if (registering) await Task.Delay(_env.Timeouts.RegistrationFailureHold, _env.WorldClock, stop);
                lock (_gate) _authentication = "Authenticating";
                await DetectCaptivePortalAsync(stop);
                await Task.Delay(backoff, _env.WorldClock, stop);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _env.Timeouts.MaxBackoff.Ticks));
            }
        }
    }

    private async Task AuthenticateOnceAsync(CancellationToken stop)
    {
        SetAuthentication("Authenticating");
        var device = _env.Device;
        var deviceId = device.Get("deviceId")?.GetValue<string>();
        if (string.IsNullOrEmpty(deviceId))
        {
            deviceId = Guid.NewGuid().ToString("D");
            device.Set("deviceId", JsonValue.Create(deviceId));
            Log.Add($"generated device id {deviceId}");
        }
        var user = device.Get("user")!.GetValue<string>();
        var snapshot = device.Snapshot();
        var posture = new JsonObject
        {
            ["diskEncryption"] = snapshot["diskEncryption"]?.DeepClone(),
            ["avService"] = snapshot["avService"]?.DeepClone(),
            ["osVersion"] = snapshot["osVersion"]?.DeepClone(),
            ["clientCertificate"] = snapshot["clientCertificate"]?.DeepClone(),
        };
        var cloud = Cloud();
        var token = await cloud.EnrollAsync(deviceId, device.Get("hostname")!.GetValue<string>(), user, posture, stop);
        var policy = await cloud.FetchPolicyAsync(token, stop);
        SettingsDocument settings;
        try
        {
            settings = policy.ToSettings();
        }
        catch (SettingsException e)
        {
            throw new AgentStepException("policy", $"the served policy is not usable: {e.Message}", e);
        }
        var (networkState, networkSummary) = await NetworkDetector.DetectAsync(_env.Network, settings, stop);
        lock (_gate)
        {
            _deviceToken = token;
            _policy = policy;
            _networkState = networkState;
            _policySettings = settings;
            _postureFailure = Posture.Failure(device, settings);
        }
        Log.Add($"enrolled as {deviceId}; policy fetched; network {networkSummary}");
        await ReconcileLocalProxyAsync();

        var sso = policy.SingleSignOnUrlFor(user) ?? throw new AgentStepException("auth", $"no IdP for the domain of {user} in policy idpByDomain");
        var idpCertificate = policy.IdpSigningCertificate ?? _env.IdpSigningCertificate?.Invoke()
            ?? throw new AgentStepException("auth", "no IdP signing certificate (policy idp.signingCertificate)");
        var credentials = _env.Credentials with { UserName = user };
        var signIn = new AgentSamlSignIn(() => Http(Sockets.ConnectTcpAsync), DeviceClock);
        var answer = await signIn.RoundTripAsync(sso, credentials, stop);
        // Registering: the device checks the assertion it got back, then registers it with the cloud (the ACS).
        SetAuthentication("Registering");
        signIn.CheckAssertion(answer, idpCertificate, policy.IdpEntityId);
        var authToken = await cloud.PostAssertionAsync(token, answer.Form, stop);
        lock (_gate)
        {
            _authToken = authToken;
            _authentication = "Authenticated";
            _lastError = null;
        }
        Log.Add($"authenticated as {user}");
        await PrivateAccessValidation.RevalidateAsync(retryFailureNow: true, stop);
    }

    private async Task KeepTunnelAsync(CancellationToken stop)
    {
        var backoff = _env.Timeouts.FirstBackoff;
        // Fail-open's timeout runs from the first attempt, or from the moment a working tunnel went down.
        long? failingSince = _env.WorldClock.GetTimestamp();
        while (true)
        {
            var tunnelService = ServiceState("tunnel");
            if (tunnelService is "stopped" or "failed")
            {
                lock (_gate) _tunnelText = "Down";
                Failed($"tunnel: the tunnel service is {tunnelService} ({(tunnelService == "stopped" ? "restart-service" : "repair-app")} brings it back)");
                return;
            }
            try
            {
                await SelectEdgeOnceAsync(stop);
                await ConnectTunnelAsync(stop);
                backoff = _env.Timeouts.FirstBackoff;
                failingSince = null;
                await WatchTunnelAsync(stop);
            }
            catch (Exception e) when (e is AgentStepException or TunnelConnectException or IOException or TimeoutException)
            {
                lock (_gate) _tunnelText = "Down";
                Failed($"tunnel: {e.Message}");
                failingSince ??= _env.WorldClock.GetTimestamp();
                ConsiderFailOpen(failingSince.Value);
                await ReconcileLocalProxyAsync();
                await Task.Delay(backoff, _env.WorldClock, stop);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _env.Timeouts.MaxBackoff.Ticks));
            }
        }
    }

    private void ConsiderFailOpen(long failingSince)
    {
        lock (_gate)
        {
            if (_policy is not { FailOpenEnabled: true } policy || _failOpenActive) return;
            _tunnelFailingSince ??= failingSince;
            if (_env.WorldClock.GetElapsedTime(failingSince) < TimeSpan.FromSeconds(policy.FailOpenTimeoutSeconds)) return;
            _failOpenActive = true;
        }
        Log.Add("fail-open: the tunnel did not come up in time; traffic goes direct and Internet Security is Off");
    }

    private async Task SelectEdgeOnceAsync(CancellationToken stop)
    {
        lock (_gate)
            if (_edge is not null) return;
        var latched = _env.Device.Get("latchedEdge")?.GetValue<string>();
        var (edge, rtt) = await _connector.SelectAsync(_env.Edges, latched, Log.Add, stop);
        lock (_gate) (_edge, _edgeRttMs) = (edge, rtt);
    }

    private async Task ConnectTunnelAsync(CancellationToken stop)
    {
        AgentEdgeCandidate edge;
        AgentPolicy policy;
        string authToken;
        lock (_gate)
        {
            _tunnelText = "Connecting";
            (edge, policy, authToken) = (_edge!, _policy!, _authToken!);
        }
        var tunnel = await _connector.ConnectAsync(edge, policy, Log.Add, stop);
        try
        {
            var hello = await tunnel.HelloAsync(authToken, policy.TunnelVersion, stop);
            if (!hello.Accepted) throw new AgentStepException("tunnel", $"the edge refused Hello: {hello.RefusedReason}");
        }
        catch (Exception)
        {
            await tunnel.DisposeAsync();
            throw;
        }
        var text = tunnel.Kind == TunnelTransportKind.Dtls ? "Established over DTLS" : "Established over TLS";
        lock (_gate)
        {
            _tunnel = tunnel;
            _tunnelText = text;
            _edgeCity = tunnel.EdgeIdentity?.City;
            _failOpenActive = false;
            _tunnelFailingSince = null;
            _lastError = null;
        }
        Log.Add($"tunnel {text.ToLowerInvariant()} to {edge.Name} ({tunnel.EdgeIdentity?.City}), tunnel v{policy.TunnelVersion}, MTU {policy.TunnelMtu}");
    }

    private static readonly Uri CaptiveProbe = new("http://connectivitycheck.gstatic.lab/generate_204");
    private static readonly TimeSpan CaptiveProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When the cloud cannot be reached, ask the operating system's connectivity probe: anything but
    /// 204 means a captive portal holds the network (the client shows "Captive Portal Detected").
    /// </summary>
    private async Task DetectCaptivePortalAsync(CancellationToken cancellationToken)
    {
        bool enabled;
        lock (_gate) enabled = _policySettings?.Get("appProfile.captivePortalDetection")?.GetValue<bool>() ?? true;
        if (!enabled) return;
        using var http = new LaptopHttp(Sockets.ConnectTcpAsync, _env.LabRoot, DeviceClock, CaptiveProbeTimeout);
        int status;
        try
        {
            using var response = await http.GetAsync(CaptiveProbe, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return;     // no answer at all is no portal: just no network
        }
        bool changed;
        lock (_gate)
        {
            var captive = status != 204;
            changed = captive != (_networkState == NetworkState.CaptivePortal);
            if (captive) _networkState = NetworkState.CaptivePortal;
        }
        if (changed && status != 204) Log.Add($"Captive Portal Detected: {CaptiveProbe} answered {status}");
        if (changed) await ReconcileLocalProxyAsync();
    }

    /// <summary>Trusted-network detection runs again every few health checks, as the real client re-evaluates on network events.</summary>
    private const int NetworkRecheckTicks = 4;

    private async Task RedetectNetworkAsync(CancellationToken cancellationToken)
    {
        SettingsDocument? settings;
        lock (_gate) settings = _policySettings;
        if (settings is null) return;
        var (state, summary) = await NetworkDetector.DetectAsync(_env.Network, settings, cancellationToken);
        bool changed;
        lock (_gate)
        {
            changed = _networkState != state;
            _networkState = state;
        }
        if (changed) Log.Add($"network now {summary}");
        // A policy update or a network change can change the forwarding action in effect.
        await ReconcileLocalProxyAsync();
    }

    private async Task WatchTunnelAsync(CancellationToken stop)
    {
        TunnelClient tunnel;
        lock (_gate) tunnel = _tunnel!;
        for (var tick = 1; tunnel.IsConnected; tick++)
        {
            await Task.Delay(_env.Timeouts.HealthCheck, _env.WorldClock, stop);
            await PrivateAccessValidation.RevalidateAsync(retryFailureNow: false, stop);
            if (tick % NetworkRecheckTicks == 0) await RedetectNetworkAsync(stop);
            else await ReconcileLocalProxyAsync();
        }
        lock (_gate)
        {
            _tunnel = null;
            _tunnelText = "Down";
        }
        var reason = tunnel.DisconnectReason;
        await tunnel.DisposeAsync();
        throw new AgentStepException("tunnel", $"the tunnel went down: {reason}");
    }

    private AgentCloudClient Cloud() => new(() => Http(Sockets.ConnectTcpAsync), PrivateAccessValidation.Credential);

    private void SetAuthentication(string state)
    {
        lock (_gate) _authentication = state;
    }

    private void Failed(string message)
    {
        lock (_gate) _lastError = message;
        Log.Add(message);
    }

    private string ServiceState(string service) => _env.Device.Get($"services.{service}")?.GetValue<string>() ?? "running";

    private void SetService(string service, string state) => _env.Device.Set($"services.{service}", JsonValue.Create(state));

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        await StopCaptureAsync();
        PrivateAccessValidation.Dispose();
    }
}
