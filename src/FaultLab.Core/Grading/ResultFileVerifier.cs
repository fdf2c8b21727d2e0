using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultLab.Grading;

/// <summary>
/// Reads a result file back and refuses it, with a <see cref="ResultFileException"/> that says why,
/// unless its signature was made with the instructor key over exactly this content.
/// </summary>
public sealed class ResultFileVerifier
{
    private readonly byte[] _key;

    /// <param name="key">The instructor key; see <see cref="ResultFile.KeyFromText"/>.</param>
    public ResultFileVerifier(byte[] key)
    {
        _key = ResultFile.CopyOfKey(key);
    }

    /// <summary>The verified result; <paramref name="name"/> names the file in messages.</summary>
    public TraineeResult Read(string text, string name)
    {
        JsonObject document;
        try
        {
            // A duplicated key could show one value to the signature and another to a reader: refuse it outright.
            document = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject ?? throw new ResultFileException($"{name}: not a FaultLab result file (not a JSON object)");
        }
        catch (JsonException e)
        {
            throw new ResultFileException($"{name}: not a FaultLab result file (invalid JSON: {e.Message})");
        }

        var format = document["format"] is JsonValue f && f.TryGetValue<string>(out var fs) ? fs : null;
        if (format != ResultFile.Format)
            throw new ResultFileException($"{name}: not a FaultLab result file (format '{format ?? "missing"}', expected '{ResultFile.Format}')");
        if (document["signature"] is not JsonObject signature)
            throw new ResultFileException($"{name}: the result is not signed; only results exported by a lab instance can be graded");
        var algorithm = signature["algorithm"] is JsonValue a && a.TryGetValue<string>(out var al) ? al : null;
        if (algorithm != ResultFile.Algorithm)
            throw new ResultFileException($"{name}: signed with '{algorithm ?? "nothing"}', expected {ResultFile.Algorithm}");
        var claimed = signature["value"] is JsonValue v && v.TryGetValue<string>(out var vs) ? vs : "";
        if (claimed.Length == 0)
            throw new ResultFileException($"{name}: the result is not signed (empty signature)");

        document.Remove("signature");
        // Compared as text, not decoded: base64 decoders ignore the unused low bits of the last character, so a changed byte there would pass.
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(ResultFile.Mac(_key, document)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(claimed)))
            throw new ResultFileException($"{name}: the signature does not match: the file was changed after export, or it was signed with another instructor key");

        var result = Deserialize(document["result"], name);
        foreach (var check in result.Verify.Checks)
            if (check.Points < 0 || check.Points > check.MaxPoints || (check.Passed ? check.Points != check.MaxPoints : check.Points != 0))
                throw new ResultFileException($"{name}: check '{check.Name}' claims {check.Points} of {check.MaxPoints} points while {(check.Passed ? "passed" : "failed")}");
        return result;
    }

    private static TraineeResult Deserialize(JsonNode? node, string name)
    {
        try
        {
            var result = node.Deserialize<TraineeResult>(ResultFile.SerializerOptions);
            if (result?.Verify?.Checks is null || result.Lab is null || result.Instance is null || result.Trainee is null)
                throw new ResultFileException($"{name}: the signed result is incomplete (lab, instance, trainee and verify are required)");
            return result;
        }
        catch (JsonException e)
        {
            throw new ResultFileException($"{name}: the signed result cannot be read: {e.Message}");
        }
    }
}
