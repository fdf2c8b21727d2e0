namespace FaultLab.Settings;

/// <summary>A refused settings key or value; the message names the key and what it takes.</summary>
public sealed class SettingsException(string message) : Exception(message);
