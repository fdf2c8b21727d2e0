using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultLab.Grading;

/// <summary>Writes a trainee result as a signed result file (see <see cref="ResultFile"/>).</summary>
public sealed class ResultFileSigner
{
    private readonly byte[] _key;

    /// <param name="key">The instructor key; see <see cref="ResultFile.KeyFromText"/>.</param>
    public ResultFileSigner(byte[] key)
    {
        _key = ResultFile.CopyOfKey(key);
    }

    /// <summary>The file's text: indented JSON carrying the result and its signature.</summary>
    public string Export(TraineeResult result)
    {
        var document = new JsonObject
        {
            ["format"] = ResultFile.Format,
            ["result"] = JsonSerializer.SerializeToNode(result, ResultFile.SerializerOptions),
        };
        var mac = ResultFile.Mac(_key, document);
        document["signature"] = new JsonObject
        {
            ["algorithm"] = ResultFile.Algorithm,
            ["value"] = Convert.ToBase64String(mac),
        };
        return document.ToJsonString(ResultFile.SerializerOptions);
    }
}
