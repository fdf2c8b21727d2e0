using System.Globalization;
using System.Runtime.InteropServices;
using FaultLab.Bench;

// Benchmarks of the middleboxes on loopback; not tests: numbers depend on the machine.
//   dotnet run -c Release --project bench/FaultLab.Bench -- [MEASUREMENT...] [--seconds N] [--clients N] [--window N]
IMeasurement[] measurements = [new UdpRelayThroughput()];

var chosen = new List<string>();
var seconds = 3.0;
var clients = 4;
var window = 16;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--window": window = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--help" or "-h":
            Console.WriteLine("usage: FaultLab.Bench [MEASUREMENT...] [--seconds N] [--clients N] [--window N]");
            foreach (var m in measurements) Console.WriteLine($"  {m.Name,-10} {m.Description}");
            return 0;
        default: chosen.Add(args[i]); break;
    }
}
var unknown = chosen.Where(name => measurements.All(m => m.Name != name)).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"unknown measurement {string.Join(", ", unknown)}; known: {string.Join(", ", measurements.Select(m => m.Name))}");
    return 2;
}

var settings = new BenchSettings(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(1), clients, window);
Console.WriteLine($"# {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");
Console.WriteLine($"# each case: {settings.WarmUp.TotalSeconds:0.#} s warm-up, {settings.Duration.TotalSeconds:0.#} s measured; {clients} clients x {window} in flight");
Console.WriteLine("| measurement | case | value | unit | note |");
Console.WriteLine("|---|---|---:|---|---|");
foreach (var measurement in measurements.Where(m => chosen.Count == 0 || chosen.Contains(m.Name)))
    foreach (var result in await measurement.RunAsync(settings, CancellationToken.None))
        Console.WriteLine($"| {result.Measurement} | {result.Case} | {result.Value.ToString(result.Value < 100 ? "N1" : "N0", CultureInfo.InvariantCulture)} | {result.Unit} | {result.Note} |");
return 0;
