using FaultLab.Faults;
using FaultLab.Labs;
using YamlDotNet.RepresentationModel;

namespace FaultLab.Tests.Faults.Kinds;

/// <summary>Binds one fault entry written as a lab file would, through the standard catalog.</summary>
internal static class FaultYaml
{
    public const string File = "labs/test.yaml";

    public static Fault Bind(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return FaultCatalog.Standard.Bind(stream.Documents[0].RootNode, new YamlNodeReader(File));
    }

    /// <summary>The located message a lab author would read for <paramref name="yaml"/>.</summary>
    public static string ErrorOf(string yaml) => Assert.Throws<LabFileException>(() => Bind(yaml))!.Error.ToString();
}
