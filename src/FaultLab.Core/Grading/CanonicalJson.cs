using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultLab.Grading;

/// <summary>
/// The bytes a result signature covers: the JSON tree with object keys in ordinal order, no
/// whitespace, strings escaped the default way and numbers as written. Re-indenting a file or
/// reordering its keys keeps the signature valid; changing any value does not.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Bytes(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
            Write(writer, node);
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
