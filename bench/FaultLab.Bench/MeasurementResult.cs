namespace FaultLab.Bench;

/// <summary>One measured number: which case, the value and its unit, and how it was obtained.</summary>
internal sealed record MeasurementResult(string Measurement, string Case, double Value, string Unit, string Note);
