namespace FaultLab.Cli;

/// <summary>A plain, aligned text table for terminal output.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params object?[] cells)
    {
        _rows.Add(cells.Select(c => c?.ToString() ?? "").ToArray());
        return this;
    }

    public void Write(TextWriter writer)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(Line(headers));
        foreach (var row in _rows) writer.WriteLine(Line(row));

        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
    }
}
