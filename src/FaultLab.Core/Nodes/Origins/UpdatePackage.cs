using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FaultLab.Nodes.Origins;

/// <summary>
/// The agent build the update host serves: deterministic bytes for a version (the same version
/// always gives the same bytes and the same SHA-256), so a download can be verified end to end.
/// </summary>
public sealed class UpdatePackage
{
    private UpdatePackage(string version, byte[] content)
    {
        Version = version;
        Content = content;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    public string Version { get; }

    /// <summary>The package bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public string Sha256 { get; }

    public int Size => Content.Length;

    /// <summary>The file name the host serves it under.</summary>
    public string FileName => $"faultlab-connector-{Version}.pkg";

    /// <summary>A readable header, then SHA-256 in counter mode over the version as filler.</summary>
    public static UpdatePackage For(string version, int size)
    {
        var content = new byte[size];
        var header = Encoding.ASCII.GetBytes($"FaultLab Connector {version}\n");
        var written = Math.Min(header.Length, size);
        header.AsSpan(0, written).CopyTo(content);

        var seed = Encoding.ASCII.GetBytes($"faultlab-connector/{version}/");
        var block = new byte[seed.Length + sizeof(long)];
        seed.CopyTo(block, 0);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        for (long counter = 0; written < size; counter++)
        {
            BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(seed.Length), counter);
            SHA256.HashData(block, digest);
            var take = Math.Min(digest.Length, size - written);
            digest[..take].CopyTo(content.AsSpan(written));
            written += take;
        }
        return new UpdatePackage(version, content);
    }
}
