using System.Globalization;

namespace FaultLab.Agent.Pac;

/// <summary>
/// weekdayRange, dateRange and timeRange as browsers implement them: ranges are inclusive, a final
/// "GMT" argument compares in UTC instead of the laptop's zone, day and month ranges wrap around
/// (FRI..MON, DEC..FEB), and a call with arguments it does not understand answers false.
/// </summary>
internal static class PacTimeRanges
{
    private const string Gmt = "GMT";
    private static readonly string[] Weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private enum DatePart { Day, Month, Year }

    /// <summary>weekdayRange(wd1 [, wd2] [, "GMT"]) with day names SUN..SAT.</summary>
    public static bool WeekdayRange(DateTime local, DateTime utc, IReadOnlyList<string> args)
    {
        var (now, rest) = Pick(local, utc, args);
        if (rest.Count is < 1 or > 2) return false;
        var from = Array.IndexOf(Weekdays, rest[0]);
        var to = rest.Count == 2 ? Array.IndexOf(Weekdays, rest[1]) : from;
        return from >= 0 && to >= 0 && Within((int)now.DayOfWeek, from, to, wraps: true);
    }

    /// <summary>timeRange(h) | (h1, h2) | (h1, m1, h2, m2) | (h1, m1, s1, h2, m2, s2), optional "GMT".</summary>
    public static bool TimeRange(DateTime local, DateTime utc, IReadOnlyList<string> args)
    {
        var (now, rest) = Pick(local, utc, args);
        var v = new int[rest.Count];
        for (var i = 0; i < rest.Count; i++)
            if (!int.TryParse(rest[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out v[i])) return false;
        var second = now.Hour * 3600 + now.Minute * 60 + now.Second;
        return v.Length switch
        {
            1 => now.Hour == v[0],
            // The end hour counts whole: timeRange(9, 17) is true until 17:59:59, as in browsers.
            2 => Within(now.Hour, v[0], v[1], wraps: true),
            4 => Within(second, v[0] * 3600 + v[1] * 60, v[2] * 3600 + v[3] * 60 + 59, wraps: true),
            6 => Within(second, v[0] * 3600 + v[1] * 60 + v[2], v[3] * 3600 + v[4] * 60 + v[5], wraps: true),
            _ => false,
        };
    }

    /// <summary>
    /// dateRange(day | month | year), two of one kind, (day1, month1, day2, month2),
    /// (month1, year1, month2, year2) or (day1, month1, year1, day2, month2, year2), optional "GMT".
    /// Numbers below 32 are days, larger ones years; months are JAN..DEC.
    /// </summary>
    public static bool DateRange(DateTime local, DateTime utc, IReadOnlyList<string> args)
    {
        var (now, rest) = Pick(local, utc, args);
        var parts = new (DatePart Part, int Value)[rest.Count];
        for (var i = 0; i < rest.Count; i++)
            if (!TryDatePart(rest[i], out parts[i])) return false;

        int day = now.Day, month = now.Month - 1, year = now.Year;
        var shape = string.Concat(parts.Select(p => p.Part.ToString()[0]));
        return shape switch
        {
            "D" => day == parts[0].Value,
            "M" => month == parts[0].Value,
            "Y" => year == parts[0].Value,
            "DD" => Within(day, parts[0].Value, parts[1].Value, wraps: true),
            "MM" => Within(month, parts[0].Value, parts[1].Value, wraps: true),
            "YY" => Within(year, parts[0].Value, parts[1].Value, wraps: false),
            "DMDM" => Within(month * 32 + day, parts[1].Value * 32 + parts[0].Value, parts[3].Value * 32 + parts[2].Value, wraps: true),
            "MYMY" => Within(year * 12 + month, parts[1].Value * 12 + parts[0].Value, parts[3].Value * 12 + parts[2].Value, wraps: false),
            "DMYDMY" => Within(Ordinal(year, month, day), Ordinal(parts[2].Value, parts[1].Value, parts[0].Value),
                Ordinal(parts[5].Value, parts[4].Value, parts[3].Value), wraps: false),
            _ => false,
        };

        static int Ordinal(int y, int m, int d) => (y * 12 + m) * 32 + d;
    }

    private static bool TryDatePart(string text, out (DatePart, int) part)
    {
        var month = Array.IndexOf(Months, text);
        if (month >= 0)
        {
            part = (DatePart.Month, month);
            return true;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            part = n < 32 ? (DatePart.Day, n) : (DatePart.Year, n);
            return true;
        }
        part = default;
        return false;
    }

    private static (DateTime Now, IReadOnlyList<string> Ranged) Pick(DateTime local, DateTime utc, IReadOnlyList<string> args) =>
        args.Count > 0 && args[^1] == Gmt ? (utc, args.Take(args.Count - 1).ToArray()) : (local, args);

    private static bool Within(int value, int from, int to, bool wraps) =>
        from <= to ? from <= value && value <= to : wraps && (value >= from || value <= to);
}
