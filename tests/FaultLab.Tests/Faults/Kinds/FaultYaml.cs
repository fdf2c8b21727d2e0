using FaultLab.Faults;
using FaultLab.Labs;
using YamlDotNet.RepresentationModel;

namespace FaultLab.Tests.Faults.Kinds;

/// <summary>Binds one lab-file fault entry through the standard catalog, as the lab loader does.</summary>
internal static class FaultYaml
{
    public const string File = "labs/test.yaml";

    public static Fault Bind(string yaml) => Bind<Fault>(yaml);

    public static T Bind<T>(string yaml) where T : Fault
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (T)FaultCatalog.Standard.Bind(stream.Documents[0].RootNode, new YamlNodeReader(File));
    }

    /// <summary>The located message ("labs/test.yaml:3:7: ...") the catalog refuses <paramref name="yaml"/> with.</summary>
    public static string ErrorOf(string yaml) =>
        Assert.Throws<LabFileException>(() => Bind<Fault>(yaml))!.Error.ToString();
}
