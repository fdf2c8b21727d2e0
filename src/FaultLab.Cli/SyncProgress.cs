namespace FaultLab.Cli;

/// <summary>Progress written at once, in order (Progress&lt;T&gt; posts to the thread pool and can reorder lines).</summary>
public sealed class SyncProgress(TextWriter writer, string prefix = "  ") : IProgress<string>
{
    public void Report(string value)
    {
        lock (writer)
        {
            writer.WriteLine(prefix + value);
            writer.Flush();
        }
    }
}
