namespace FaultLab.Control;

/// <summary>A request to set a settings key; the value is text, parsed to the key's type.</summary>
public sealed record SettingChange(string Key, string Value);
