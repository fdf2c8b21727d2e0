using System.Globalization;

namespace FaultLab.Saml;

/// <summary>SAML xs:dateTime values: always UTC with a trailing Z, whole seconds, as common IdPs write them.</summary>
public static class SamlTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads an xs:dateTime; a value without a zone is taken as UTC, as SAML requires UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Drops the sub-second part, so a built message and its parsed form compare equal.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
