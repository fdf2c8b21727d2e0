using System.Reflection;
using FaultLab.Labs;
using YamlDotNet.RepresentationModel;

namespace FaultLab.Faults;

/// <summary>
/// Maps fault kind names to their classes (every concrete <see cref="Fault"/> in this assembly)
/// and binds a lab file's fault entry to a typed, validated instance.
/// </summary>
public sealed class FaultCatalog
{
    private static readonly string[] CommonKeys = ["kind", "owner", "link", "node", "seed"];
    private static readonly string StartAfterKey = CamelCase(nameof(Fault.StartAfterSeconds));
    private readonly Dictionary<string, Func<Fault>> _kinds;

    private FaultCatalog(Dictionary<string, Func<Fault>> kinds) => _kinds = kinds;

    /// <summary>The catalog of every fault kind FaultLab knows.</summary>
    public static FaultCatalog Standard { get; } = Discover();

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    public Fault Create(string kind) => _kinds.TryGetValue(kind, out var make)
        ? make()
        : throw new ArgumentException($"unknown fault kind '{kind}'{NameSuggester.Hint(kind, _kinds.Keys)}");

    /// <summary>The parameters a kind accepts, as lab-file keys with their descriptions.</summary>
    public static IEnumerable<(string Key, Type Type, string Description)> ParametersOf(Fault fault) =>
        fault.GetType().GetProperties()
            .Select(p => (p, a: p.GetCustomAttribute<FaultParameterAttribute>()))
            .Where(x => x.a is not null)
            .Select(x => (CamelCase(x.p.Name), x.p.PropertyType, x.a!.Description));

    /// <summary>Reads one entry of a lab's <c>faults:</c> list.</summary>
    public Fault Bind(YamlNode node, YamlNodeReader reader)
    {
        var map = reader.Mapping(node, "a fault");
        var kindNode = reader.Required(map, "kind", "a fault");
        var kind = reader.Scalar(kindNode, "'kind'");
        if (!_kinds.TryGetValue(kind, out var make))
            throw reader.Error(kindNode, $"unknown fault kind '{kind}'{NameSuggester.Hint(kind, _kinds.Keys)}");
        var fault = make();

        var parameters = fault.GetType().GetProperties()
            .Where(p => p.GetCustomAttribute<FaultParameterAttribute>() is not null)
            .ToDictionary(p => CamelCase(p.Name));
        reader.RequireKnownKeys(map, $"fault '{kind}'", [.. CommonKeys, .. parameters.Keys]);

        if (reader.Optional(map, "owner") is { } owner)
            fault.Owner = Enum.Parse<FaultOwner>(reader.OneOf(owner, "'owner'", ["world", "customer"]), ignoreCase: true);
        if (reader.Optional(map, "seed") is { } seed)
            fault.Seed = reader.Int(seed, "'seed'");
        fault.AttachedTo = BindAttachment(fault, map, reader, kindNode);

        foreach (var (key, property) in parameters)
            if (reader.Optional(map, key) is { } value)
                property.SetValue(fault, ReadValue(value, property.PropertyType, $"'{key}' of fault '{kind}'", reader));

        // A shared parameter's problem points at its own value; a kind's checks may combine several, so they point at the entry.
        foreach (var problem in fault.ValidateCommon())
            throw reader.Error(reader.Optional(map, StartAfterKey) ?? map, $"fault '{kind}': {problem}");
        foreach (var problem in fault.Validate())
            throw reader.Error(map, $"fault '{kind}': {problem}");
        return fault;
    }

    private static string? BindAttachment(Fault fault, YamlMappingNode map, YamlNodeReader reader, YamlNode kindNode)
    {
        var link = reader.OptionalString(map, "link");
        var node = reader.OptionalString(map, "node");
        return fault.Target switch
        {
            FaultTarget.Link when link is null => throw reader.Error(kindNode, $"fault '{fault.Kind}' attaches to a link: add 'link:' (one of {string.Join(", ", LabLinks.All)})"),
            FaultTarget.Link when !LabLinks.All.Contains(link) => throw reader.Error(reader.Required(map, "link", "a fault"), $"unknown link '{link}'{NameSuggester.Hint(link, LabLinks.All)}; links are {string.Join(", ", LabLinks.All)}"),
            FaultTarget.Link => link,
            FaultTarget.Node when link is not null => throw reader.Error(reader.Required(map, "link", "a fault"), $"fault '{fault.Kind}' attaches to a node, not a link"),
            FaultTarget.Node => node ?? fault.DefaultNode ?? throw reader.Error(kindNode, $"fault '{fault.Kind}' attaches to a node: add 'node:'"),
            _ when link is not null || node is not null => throw reader.Error(kindNode, $"fault '{fault.Kind}' is a {fault.Target.ToString().ToLowerInvariant()} fault: it takes no 'link' or 'node'"),
            _ => null,
        };
    }

    private static object ReadValue(YamlNode node, Type type, string what, YamlNodeReader reader)
    {
        if (type == typeof(int)) return reader.Int(node, what);
        if (type == typeof(double)) return reader.Double(node, what);
        if (type == typeof(bool)) return reader.Bool(node, what);
        if (type == typeof(string)) return reader.Scalar(node, what);
        if (type == typeof(IReadOnlyList<int>))
            return reader.Sequence(node, what).Children.Select((n, i) => reader.Int(n, $"{what}[{i}]")).ToArray();
        if (type == typeof(IReadOnlyList<string>))
            return reader.StringList(node, what);
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(KebabCase).ToArray();
            var chosen = reader.OneOf(node, what, names);
            return Enum.Parse(type, chosen.Replace("-", ""), ignoreCase: true);
        }
        throw new InvalidOperationException($"fault parameter type {type.Name} has no reader");
    }

    private static FaultCatalog Discover() => new(typeof(Fault).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Fault)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (Func<Fault>)(() => (Fault)Activator.CreateInstance(t)!))
        .ToDictionary(make => make().Kind));

    internal static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
