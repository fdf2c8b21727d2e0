using Jint;

namespace FaultLab.Agent.Pac;

/// <summary>Compiled PAC scripts keyed by their text, oldest dropped first; a syntax error is cached too.</summary>
internal sealed class PacScriptCache(int capacity)
{
    private const string SourceName = "proxy.pac";

    private readonly Dictionary<string, CompiledPac> _byText = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrival = new();
    private readonly Lock _gate = new();
    private int _compileCount;

    /// <summary>How many texts were compiled (cache misses).</summary>
    public int CompileCount
    {
        get { lock (_gate) return _compileCount; }
    }

    public CompiledPac Get(string pacText)
    {
        lock (_gate)
        {
            if (_byText.TryGetValue(pacText, out var cached)) return cached;
            var compiled = Compile(pacText);
            _compileCount++;
            if (_byText.Count >= capacity) _byText.Remove(_arrival.Dequeue());
            _byText[pacText] = compiled;
            _arrival.Enqueue(pacText);
            return compiled;
        }
    }

    private static CompiledPac Compile(string pacText)
    {
        try
        {
            return new CompiledPac(Engine.PrepareScript(pacText, SourceName), null);
        }
        catch (ScriptPreparationException e)
        {
            return new CompiledPac(null, e.InnerException?.Message ?? e.Message);
        }
    }
}
