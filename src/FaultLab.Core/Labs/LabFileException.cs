namespace FaultLab.Labs;

/// <summary>Thrown while reading one lab file; carries the located error that ends up in front of the user.</summary>
public sealed class LabFileException(LabError error) : Exception(error.ToString())
{
    public LabError Error { get; } = error;
}
