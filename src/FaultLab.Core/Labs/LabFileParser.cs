using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FaultLab.Faults;
using FaultLab.Settings;
using FaultLab.World;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FaultLab.Labs;

/// <summary>Reads one lab file into a validated <see cref="LabDefinition"/>, or fails with one located error.</summary>
public sealed partial class LabFileParser(FaultCatalog faults)
{
    private static readonly string[] TopKeys =
        ["id", "scenario", "title", "category", "level", "briefing", "network", "faults", "policy", "device", "diagnosis", "hints", "verify", "solution"];
    private static readonly string[] Levels = ["L1", "L2", "L3"];
    private static readonly string[] SolutionVerbs = ["agent", "portal", "device", "net", "fault"];

    /// <summary>Parses YAML text; <paramref name="displayPath"/> is the name used in messages.</summary>
    public LabDefinition Parse(string yaml, string displayPath)
    {
        var reader = new YamlNodeReader(displayPath);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new LabFileException(new LabError(displayPath, (int)e.Start.Line, (int)e.Start.Column, $"YAML syntax error: {Clean(e)}"));
        }
        catch (InvalidOperationException)
        {
            // The parser gives up without a location when the text ends inside a flow collection or quote.
            var lines = yaml.TrimEnd().Split('\n');
            throw new LabFileException(new LabError(displayPath, lines.Length, lines[^1].Length + 1,
                "YAML syntax error: the file ends inside an unclosed '[', '{' or quote"));
        }
        if (stream.Documents.Count != 1)
            throw new LabFileException(new LabError(displayPath, 1, 1, stream.Documents.Count == 0 ? "the file is empty" : "a lab file holds exactly one YAML document"));

        var root = reader.Mapping(stream.Documents[0].RootNode, "a lab file");
        reader.RequireKnownKeys(root, "the lab", TopKeys);

        var idNode = reader.Required(root, "id", "the lab");
        var id = reader.Scalar(idNode, "'id'");
        if (!LabId().IsMatch(id))
            throw reader.Error(idNode, $"lab id '{id}' must be lower-case words joined by '-' (e.g. tunnel-udp-blocked)");

        var networkNode = reader.Required(root, "network", "the lab");
        var network = reader.OneOf(networkNode, "'network'", NetworkProfile.All.Select(n => n.Name).ToArray());

        var diagnosisNode = reader.Required(root, "diagnosis", "the lab");
        var diagnosis = reader.Scalar(diagnosisNode, "'diagnosis'");
        if (!DiagnosisId().IsMatch(diagnosis))
            throw reader.Error(diagnosisNode, $"diagnosis '{diagnosis}' must be a canonical id like 'tunnel.udp-blocked'");

        return new LabDefinition
        {
            Id = id,
            Scenario = reader.Scalar(reader.Required(root, "scenario", "the lab"), "'scenario'"),
            Title = reader.String(root, "title", "the lab"),
            Category = Enum.Parse<LabCategory>(reader.OneOf(reader.Required(root, "category", "the lab"), "'category'",
                Enum.GetNames<LabCategory>().Select(n => n.ToLowerInvariant()).ToArray()), ignoreCase: true),
            Level = reader.OneOf(reader.Required(root, "level", "the lab"), "'level'", Levels),
            Briefing = reader.String(root, "briefing", "the lab").Trim(),
            Network = network,
            Faults = reader.Optional(root, "faults") is { } f
                ? reader.Sequence(f, "'faults'").Children.Select(n => faults.Bind(n, reader)).ToArray()
                : [],
            Policy = Overrides(reader, reader.Optional(root, "policy"), "policy", SettingsDocument.DefaultPolicy()),
            Device = Overrides(reader, reader.Optional(root, "device"), "device", SettingsDocument.DefaultDevice()),
            Diagnosis = diagnosis,
            Hints = reader.Optional(root, "hints") is { } h ? reader.StringList(h, "'hints'") : [],
            Verify = ReadVerify(reader, reader.Required(root, "verify", "the lab")),
            Solution = ReadSolution(reader, reader.Required(root, "solution", "the lab")),
            SourceText = yaml,
            SourceFile = displayPath,
        };
    }

    /// <summary>Validates a policy or device override block leaf by leaf, so an error points at the wrong key.</summary>
    private static JsonObject Overrides(YamlNodeReader reader, YamlNode? node, string section, SettingsDocument defaults)
    {
        if (node is null) return [];
        var map = reader.Mapping(node, $"'{section}'");
        Check(map, "");
        return (JsonObject)reader.ToJson(map)!;

        void Check(YamlMappingNode m, string prefix)
        {
            foreach (var (keyNode, value) in m.Children)
            {
                var key = prefix + reader.Scalar(keyNode, "a key");
                try
                {
                    if (value is YamlMappingNode nested && defaults.Get(key) is JsonObject) Check(nested, key + ".");
                    else defaults.Set(key, reader.ToJson(value));
                }
                catch (SettingsException e)
                {
                    throw reader.Error(keyNode, $"{section}: {e.Message}");
                }
            }
        }
    }

    private static IReadOnlyList<VerifySpec> ReadVerify(YamlNodeReader reader, YamlNode node)
    {
        var list = new List<VerifySpec>();
        foreach (var item in reader.Sequence(node, "'verify'").Children)
        {
            var map = reader.Mapping(item, "a verify check");
            reader.RequireKnownKeys(map, "a verify check", [.. VerifySpec.Kinds, .. VerifySpec.Modifiers]);
            var kinds = map.Children.Keys.Select(k => reader.Scalar(k, "a key")).Where(VerifySpec.Kinds.Contains).ToArray();
            if (kinds.Length != 1)
                throw reader.Error(item, $"a verify check names exactly one kind ({string.Join(", ", VerifySpec.Kinds)}), found {(kinds.Length == 0 ? "none" : string.Join(", ", kinds))}");
            list.Add(new VerifySpec(kinds[0], (JsonObject)reader.ToJson(map)!, (int)item.Start.Line));
        }
        if (list.Count == 0) throw reader.Error(node, "'verify' needs at least one check");
        return list;
    }

    private static IReadOnlyList<string> ReadSolution(YamlNodeReader reader, YamlNode node)
    {
        var steps = reader.Sequence(node, "'solution'");
        foreach (var step in steps.Children)
        {
            var text = reader.Scalar(step, "a solution step");
            var verb = text.Split(' ', 2)[0];
            if (!SolutionVerbs.Contains(verb))
                throw reader.Error(step, $"solution step '{text}' must start with one of {string.Join(", ", SolutionVerbs)}{NameSuggester.Hint(verb, SolutionVerbs)}");
        }
        if (steps.Children.Count == 0) throw reader.Error(node, "'solution' needs at least one step");
        return steps.Children.Select(s => reader.Scalar(s, "a solution step")).ToArray();
    }

    private static string Clean(YamlException e)
    {
        // YamlDotNet prefixes its own "(Line: x, Col: y, ...)" location; ours is in front already.
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && cut > 0 ? message[(cut + 3)..] : message;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex LabId();

    [GeneratedRegex("^[a-z]+\\.[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex DiagnosisId();
}
