using System.Globalization;

namespace FaultLab.Agent.Posture;

/// <summary>
/// A version written as dot-separated numbers ("10.0.19045", "4.5.0.300"), compared component by
/// component as numbers, so 10.0.9 is below 10.0.19045; missing trailing components count as 0.
/// </summary>
public sealed class DottedVersion : IComparable<DottedVersion>, IEquatable<DottedVersion>
{
    private readonly long[] _parts;

    private DottedVersion(string text, long[] parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    public static bool TryParse(string? text, out DottedVersion version)
    {
        version = null!;
        var parts = text?.Trim().Split('.');
        if (parts is null || parts.Length == 0) return false;
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                return false;
        version = new DottedVersion(text!.Trim(), numbers);
        return true;
    }

    public static DottedVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a dotted version such as 10.0.19045");

    public int CompareTo(DottedVersion? other)
    {
        if (other is null) return 1;
        for (var i = 0; i < Math.Max(_parts.Length, other._parts.Length); i++)
        {
            var c = Part(i).CompareTo(other.Part(i));
            if (c != 0) return c;
        }
        return 0;
    }

    public bool Equals(DottedVersion? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is DottedVersion v && Equals(v);

    public override int GetHashCode()
    {
        var significant = _parts.Length;
        while (significant > 0 && _parts[significant - 1] == 0) significant--;
        var hash = new HashCode();
        for (var i = 0; i < significant; i++) hash.Add(_parts[i]);
        return hash.ToHashCode();
    }

    public static bool operator ==(DottedVersion? a, DottedVersion? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(DottedVersion? a, DottedVersion? b) => !(a == b);
    public static bool operator <(DottedVersion a, DottedVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(DottedVersion a, DottedVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(DottedVersion a, DottedVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(DottedVersion a, DottedVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => Text;

    private long Part(int i) => i < _parts.Length ? _parts[i] : 0;
}
