using System.Text.Json.Nodes;

namespace FaultLab.Control;

/// <summary>A settings key and its value (the whole document when the key is empty).</summary>
public sealed record SettingValue(string Key, JsonNode? Value);
