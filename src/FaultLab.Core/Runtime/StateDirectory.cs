using System.Text.Json;

namespace FaultLab.Runtime;

/// <summary>
/// Where running instances are recorded so separate CLI calls can find them:
/// <c>$FAULTLAB_HOME</c>, else <c>$XDG_STATE_HOME/faultlab</c>, else <c>~/.local/state/faultlab</c>.
/// Each instance has <c>NAME.json</c> (public) and <c>NAME.instructor-token</c> (owner-only).
/// </summary>
public sealed class StateDirectory(string root)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Root { get; } = root;

    public static StateDirectory Default()
    {
        if (Environment.GetEnvironmentVariable("FAULTLAB_HOME") is { Length: > 0 } home) return new(home);
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return new(Path.Combine(state, "faultlab"));
    }

    private string InstancesDir => Path.Combine(Root, "instances");

    /// <summary>The working directory of an instance (PKI files, captures, logs).</summary>
    public string InstanceDir(string name) => Path.Combine(Root, "run", name);

    /// <summary>
    /// The class-wide instructor key that signs exported results (created on first use, owner-only),
    /// so one key checks every trainee's result and a trainee cannot forge a pass.
    /// </summary>
    public string InstructorKey()
    {
        var path = Path.Combine(Root, "instructor.key");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Root);
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key);
        return key;
    }

    public void Write(InstanceRecord record, string instructorToken)
    {
        Directory.CreateDirectory(InstancesDir);
        var tokenPath = Path.Combine(InstancesDir, record.Name + ".instructor-token");
        File.WriteAllText(tokenPath, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(tokenPath, instructorToken);
        // Written last and atomically: its presence means the instance is reachable.
        var path = Path.Combine(InstancesDir, record.Name + ".json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public InstanceRecord? Read(string name)
    {
        var path = Path.Combine(InstancesDir, name + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<InstanceRecord>(File.ReadAllText(path), Json) : null;
    }

    public string? InstructorToken(string name)
    {
        var path = Path.Combine(InstancesDir, name + ".instructor-token");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public IReadOnlyList<InstanceRecord> List() =>
        Directory.Exists(InstancesDir)
            ? Directory.EnumerateFiles(InstancesDir, "*.json").Order(StringComparer.Ordinal)
                .Select(f => JsonSerializer.Deserialize<InstanceRecord>(File.ReadAllText(f), Json)!).ToArray()
            : [];

    public void Remove(string name)
    {
        File.Delete(Path.Combine(InstancesDir, name + ".json"));
        File.Delete(Path.Combine(InstancesDir, name + ".instructor-token"));
        var dir = InstanceDir(name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>A free instance name: the lab id, then -2, -3... when taken.</summary>
    public string FreeName(string labId)
    {
        if (Read(labId) is null) return labId;
        for (var i = 2; ; i++)
            if (Read($"{labId}-{i}") is null) return $"{labId}-{i}";
    }
}
