using System.Linq.Expressions;
using System.Reflection;
using FaultLab.Labs;

namespace FaultLab.Verify;

/// <summary>
/// Maps verify check kinds to their classes (every <see cref="VerifyCheck"/> marked with
/// <see cref="VerifyCheckKindAttribute"/>) and builds a lab's checks from its entries, refusing a bad
/// argument with the lab file and line.
/// </summary>
public sealed class VerifyCheckRegistry
{
    private readonly Dictionary<string, Func<VerifyArguments, VerifyCheck>> _kinds;

    private VerifyCheckRegistry(Dictionary<string, Func<VerifyArguments, VerifyCheck>> kinds) => _kinds = kinds;

    /// <summary>Every check kind FaultLab knows.</summary>
    public static VerifyCheckRegistry Standard { get; } = Discover();

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    /// <summary>Builds one check; throws <see cref="LabFileException"/> naming the file and line when the entry is wrong.</summary>
    public VerifyCheck Create(VerifySpec spec, LabDefinition lab, VerifyOptions? options = null)
    {
        if (!_kinds.TryGetValue(spec.Kind, out var make))
            throw new LabFileException(new LabError(lab.SourceFile, spec.Line, 1,
                $"unknown verify check kind '{spec.Kind}'{NameSuggester.Hint(spec.Kind, _kinds.Keys)}"));
        var arguments = new VerifyArguments(spec, lab, options ?? new VerifyOptions(), this);
        var check = make(arguments);
        arguments.RefuseUnread();
        return check;
    }

    /// <summary>Builds every check of a lab, in file order.</summary>
    public IReadOnlyList<VerifyCheck> Build(LabDefinition lab, VerifyOptions? options = null) =>
        lab.Verify.Select(spec => Create(spec, lab, options)).ToArray();

    private static VerifyCheckRegistry Discover()
    {
        var kinds = new Dictionary<string, Func<VerifyArguments, VerifyCheck>>(StringComparer.Ordinal);
        foreach (var type in typeof(VerifyCheck).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(VerifyCheck)) && !t.IsAbstract))
        {
            var kind = type.GetCustomAttribute<VerifyCheckKindAttribute>()?.Kind
                ?? throw new InvalidOperationException($"{type.Name} has no [VerifyCheckKind]");
            var constructor = type.GetConstructor([typeof(VerifyArguments)])
                ?? throw new InvalidOperationException($"{type.Name} needs a constructor taking VerifyArguments");
            // A compiled constructor call lets a located LabFileException surface as itself, not wrapped by reflection.
            var parameter = Expression.Parameter(typeof(VerifyArguments));
            kinds.Add(kind, Expression.Lambda<Func<VerifyArguments, VerifyCheck>>(Expression.New(constructor, parameter), parameter).Compile());
        }
        return new VerifyCheckRegistry(kinds);
    }
}
