using FaultLab.Faults;

namespace FaultLab.Labs;

/// <summary>
/// Every lab in a directory. A bad file is refused with one located error and the rest of the
/// catalogue still loads; a duplicate id is refused in the later file.
/// </summary>
public sealed class LabCatalog
{
    private LabCatalog(IReadOnlyList<LabDefinition> labs, IReadOnlyList<LabError> errors, string directory)
    {
        Labs = labs;
        Errors = errors;
        Directory = directory;
    }

    public IReadOnlyList<LabDefinition> Labs { get; }
    public IReadOnlyList<LabError> Errors { get; }
    public string Directory { get; }

    public LabDefinition? Find(string id) => Labs.FirstOrDefault(l => l.Id == id);

    /// <summary>Loads every *.yaml / *.yml file of <paramref name="directory"/>, in name order.</summary>
    public static LabCatalog Load(string directory, FaultCatalog? faults = null)
    {
        var parser = new LabFileParser(faults ?? FaultCatalog.Standard);
        var labs = new List<LabDefinition>();
        var errors = new List<LabError>();
        var files = System.IO.Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var display = Path.Combine(Path.GetFileName(Path.GetFullPath(directory)), Path.GetFileName(file));
            try
            {
                var lab = parser.Parse(File.ReadAllText(file), display);
                // Verify entries are built once here so a bad one is refused with the catalogue, not at grading time.
                Verify.VerifyCheckRegistry.Standard.Build(lab);
                if (labs.FirstOrDefault(l => l.Id == lab.Id) is { } first)
                    errors.Add(new LabError(display, IdLine(file), 1, $"duplicate lab id '{lab.Id}' (already defined in {first.SourceFile})"));
                else
                    labs.Add(lab);
            }
            catch (LabFileException e)
            {
                errors.Add(e.Error);
            }
        }
        return new LabCatalog(labs, errors, directory);
    }

    /// <summary>Where the catalogue lives: $FAULTLAB_LABS, else the nearest "labs" directory above the working directory or the program.</summary>
    public static string? DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("FAULTLAB_LABS") is { Length: > 0 } env) return env;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "labs")) && File.Exists(Path.Combine(dir.FullName, "FaultLab.sln")))
                    return Path.Combine(dir.FullName, "labs");
        return null;
    }

    private static int IdLine(string file)
    {
        var lines = File.ReadAllLines(file);
        var index = Array.FindIndex(lines, l => l.StartsWith("id:", StringComparison.Ordinal));
        return index < 0 ? 1 : index + 1;
    }
}
