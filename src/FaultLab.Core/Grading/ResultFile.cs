using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultLab.Grading;

/// <summary>
/// The signed result file an instance exports for grading:
/// <c>{ "format": "faultlab-result/1", "result": { ... }, "signature": { "algorithm": "HMAC-SHA256", "value": BASE64 } }</c>.
/// The signature is an HMAC-SHA256 with the instructor key over the canonical form
/// (<see cref="CanonicalJson"/>) of the document without its <c>signature</c> member.
/// </summary>
public static class ResultFile
{
    public const string Format = "faultlab-result/1";
    public const string Algorithm = "HMAC-SHA256";

    internal static JsonSerializerOptions SerializerOptions { get; } = ReadOnly(new(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>The instructor key as bytes, from the instructor token text.</summary>
    public static byte[] KeyFromText(string instructorKey) =>
        string.IsNullOrEmpty(instructorKey) ? throw new ArgumentException("the instructor key is empty", nameof(instructorKey)) : Encoding.UTF8.GetBytes(instructorKey);

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static byte[] CopyOfKey(byte[] key) =>
        key.Length == 0 ? throw new ArgumentException("the instructor key is empty", nameof(key)) : (byte[])key.Clone();

    internal static byte[] Mac(byte[] key, JsonObject unsignedDocument) => HMACSHA256.HashData(key, CanonicalJson.Bytes(unsignedDocument));
}
