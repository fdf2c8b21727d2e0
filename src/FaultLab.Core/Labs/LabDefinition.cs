using System.Text.Json.Nodes;
using FaultLab.Faults;

namespace FaultLab.Labs;

/// <summary>A lab as its file defines it, loaded and validated. Solutions are data here; only instructor paths show them.</summary>
public sealed record LabDefinition
{
    public required string Id { get; init; }
    public required string Scenario { get; init; }
    public required string Title { get; init; }
    public required LabCategory Category { get; init; }
    public required string Level { get; init; }
    /// <summary>What the trainee is told: the symptom only.</summary>
    public required string Briefing { get; init; }
    /// <summary>The network the laptop starts on (see <see cref="World.NetworkProfile"/>).</summary>
    public required string Network { get; init; }
    public required IReadOnlyList<Fault> Faults { get; init; }
    /// <summary>Overrides of the portal policy, validated against its keys.</summary>
    public required JsonObject Policy { get; init; }
    /// <summary>Overrides of the laptop's device state.</summary>
    public required JsonObject Device { get; init; }
    /// <summary>Canonical fault id, for regression-testing diagnostic tools.</summary>
    public required string Diagnosis { get; init; }
    public required IReadOnlyList<string> Hints { get; init; }
    public required IReadOnlyList<VerifySpec> Verify { get; init; }
    /// <summary>The reference fix as CLI steps (e.g. "portal set forwarding.transport dtls-with-tls-fallback"). Never shown to trainees.</summary>
    public required IReadOnlyList<string> Solution { get; init; }
    /// <summary>The file's text; each running instance binds its own fault objects from it (faults carry editable state).</summary>
    public required string SourceText { get; init; }

    /// <summary>The file it came from, relative to where it was loaded.</summary>
    public required string SourceFile { get; init; }
}
