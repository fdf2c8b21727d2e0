using Acornima.Ast;
using FaultLab.Agent.Network;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Runtime;

namespace FaultLab.Agent.Pac;

/// <summary>
/// Runs a real PAC file's FindProxyForURL(url, host) in a sandboxed JavaScript engine and returns the
/// typed, ordered decisions. Every way a script can fail — bad syntax, a throw, an endless loop, runaway
/// recursion or memory, a result that is not a proxy list — ends as a <see cref="PacResult"/> with a
/// <see cref="PacError"/> and the engine's message, never as an exception. Compiled scripts are cached
/// per PAC text; names the script resolves go through the laptop's asynchronous resolver.
/// </summary>
public sealed class PacEvaluator
{
    private const string EntryPoint = "FindProxyForURL";

    private readonly PacEvaluatorOptions _options;
    private readonly PacScriptCache _cache;

    public PacEvaluator(PacEvaluatorOptions? options = null)
    {
        _options = options ?? new PacEvaluatorOptions();
        _options.Validate();
        _cache = new PacScriptCache(_options.MaxCachedScripts);
    }

    /// <summary>How many distinct PAC texts were compiled so far.</summary>
    internal int CompileCount => _cache.CompileCount;

    /// <summary>Evaluates <paramref name="pacText"/> for one request.</summary>
    /// <param name="pacText">The PAC file's JavaScript.</param>
    /// <param name="url">The URL as the client passes it to FindProxyForURL.</param>
    /// <param name="host">The host part of the URL.</param>
    /// <param name="environment">The laptop's resolver, address and clock.</param>
    /// <param name="cancellationToken">Stops the script and any lookup; cancellation is thrown, not reported as a PAC failure.</param>
    public async Task<PacResult> EvaluateAsync(string pacText, string url, string host, PacEnvironment environment, CancellationToken cancellationToken)
    {
        var compiled = _cache.Get(pacText);
        if (compiled.Script is not { } script)
            return PacResult.Failed(PacError.SyntaxError, $"the PAC file is not valid JavaScript: {compiled.SyntaxError}", [], []);

        // The script runs synchronously inside the engine; a name it wants resolved ends the run, is
        // resolved here without blocking, and the run starts over with the answer in the table.
        var lookups = new Dictionary<string, HostResolution>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (result, wanted) = RunOnce(script, url, host, environment, lookups, cancellationToken);
            if (result is not null) return result;
            if (lookups.Count >= _options.MaxLookupsPerEvaluation)
                return PacResult.Failed(PacError.TooManyLookups,
                    $"the PAC asked to resolve more than {_options.MaxLookupsPerEvaluation} host names (next: {wanted})", [], [.. lookups.Values]);
            lookups[wanted!] = await HostLookup.ResolveAsync(environment.Resolver, wanted!, _options.ResolveTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private (PacResult? Result, string? Wanted) RunOnce(Prepared<Script> script, string url, string host, PacEnvironment environment,
        Dictionary<string, HostResolution> lookups, CancellationToken cancellationToken)
    {
        var functions = new PacFunctions(environment, lookups);
        PacResult Fail(PacError error, string message) => PacResult.Failed(error, message, functions.Alerts, [.. lookups.Values]);

        try
        {
            var engine = CreateEngine(environment, cancellationToken);
            functions.Install(engine);
            engine.Execute(script);
            if (engine.GetValue(EntryPoint) is not Function entry)
                return (Fail(PacError.MissingFunction, $"the PAC file defines no {EntryPoint}(url, host) function"), null);

            var value = engine.Invoke(entry, url, host);
            if (!value.IsString())
                return (Fail(PacError.BadResult, $"{EntryPoint} returned {Describe(value)}, not a string"), null);

            var returned = value.AsString();
            var (decisions, ignored) = PacResultParser.Parse(returned);
            if (decisions.Count == 0)
                return (PacResult.Failed(PacError.BadResult, $"{EntryPoint} returned \"{returned}\", which holds no DIRECT, PROXY, HTTPS or SOCKS entry",
                    functions.Alerts, [.. lookups.Values], returned, ignored), null);
            return (PacResult.Evaluated(returned, decisions, ignored, functions.Alerts, [.. lookups.Values]), null);
        }
        catch (PacLookupNeeded need)
        {
            return (null, need.Host);
        }
        catch (JavaScriptException e)
        {
            return (Fail(PacError.ScriptError, $"the PAC script threw: {e.Message} (line {e.Location.Start.Line})"), null);
        }
        catch (TimeoutException)
        {
            return (Fail(PacError.TimeLimitExceeded, $"the PAC script ran longer than {_options.TimeLimit.TotalMilliseconds:0} ms and was stopped"), null);
        }
        catch (RecursionDepthOverflowException e)
        {
            return (Fail(PacError.RecursionLimitExceeded, $"the PAC script recursed deeper than {_options.MaxRecursionDepth} calls ({e.CallChain}) and was stopped"), null);
        }
        catch (MemoryLimitExceededException e)
        {
            return (Fail(PacError.MemoryLimitExceeded, $"the PAC script was stopped: {e.Message}"), null);
        }
        catch (ExecutionCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("PAC evaluation cancelled", cancellationToken);
        }
        catch (JintException e)
        {
            return (Fail(PacError.ScriptError, $"the PAC script failed: {e.Message}"), null);
        }
    }

    private Engine CreateEngine(PacEnvironment environment, CancellationToken cancellationToken) => new(options =>
    {
        options.TimeoutInterval(_options.TimeLimit);
        options.LimitRecursion(_options.MaxRecursionDepth);
        options.LimitMemory(_options.MaxMemoryBytes);
        options.CancellationToken(cancellationToken);
        options.TimeSystem = new PacTimeSystem(environment.Clock, environment.TimeZone);
    });

    private static string Describe(JsValue value) => value.Type switch
    {
        Types.Undefined => "nothing (undefined)",
        Types.Null => "null",
        _ => $"a {value.Type.ToString().ToLowerInvariant()} ({TypeConverter.ToString(value)})",
    };
}
