namespace FaultLab.Bench;

/// <summary>One measurement of the benchmark, chosen by name on the command line; one file each.</summary>
internal interface IMeasurement
{
    /// <summary>Command-line name, e.g. "udp".</summary>
    string Name { get; }

    /// <summary>One line for the listing.</summary>
    string Description { get; }

    /// <summary>Runs every case of the measurement, each bounded by <see cref="BenchSettings.Duration"/>.</summary>
    Task<IReadOnlyList<MeasurementResult>> RunAsync(BenchSettings settings, CancellationToken cancellationToken);
}
