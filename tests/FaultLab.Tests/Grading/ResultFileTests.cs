using System.Text;
using System.Text.Json.Nodes;
using FaultLab.Grading;
using FaultLab.Verify;
using static FaultLab.Tests.Grading.GradingSamples;

namespace FaultLab.Tests.Grading;

public sealed class ResultFileTests
{
    private static readonly byte[] InstructorKey = ResultFile.KeyFromText("instructor-key-for-class-a");
    private static readonly TraineeResult Sample = Result("ana", 2, TimeSpan.FromMinutes(14), Passed("agent", 2), Failed("app ipcheck connected"), Passed("fault"));

    private static string Export(TraineeResult? result = null) => new ResultFileSigner(InstructorKey).Export(result ?? Sample);

    private static TraineeResult Read(string text, byte[]? key = null) => new ResultFileVerifier(key ?? InstructorKey).Read(text, "ana.result.json");

    [Test]
    public void ExportedFile_VerifiesAndReadsBackTheSameResult()
    {
        var read = Read(Export());

        Assert.That(read with { Verify = Sample.Verify }, Is.EqualTo(Sample));
        Assert.That(read.Verify.Checks, Is.EqualTo(Sample.Verify.Checks));
        Assert.That(read.Verify.At, Is.EqualTo(Sample.Verify.At));
        Assert.That(new Grader().Grade(read).Score, Is.EqualTo(1));
    }

    [Test]
    public void FileRewrittenWithOtherLayoutAndKeyOrder_StillVerifies()
    {
        var document = JsonNode.Parse(Export())!.AsObject();
        var reordered = new JsonObject();
        foreach (var key in document.Select(kv => kv.Key).Reverse().ToArray())
        {
            var value = document[key]!;
            document.Remove(key);
            reordered[key] = value;
        }

        Assert.That(Read(reordered.ToJsonString()).Trainee, Is.EqualTo("ana"));
    }

    [Test]
    public void ChangedValue_IsRefused()
    {
        var tampered = Export().Replace("\"hintsUsed\": 2", "\"hintsUsed\": 0");
        Assert.That(tampered, Is.Not.EqualTo(Export()));

        var error = Assert.Throws<ResultFileException>(() => Read(tampered));
        Assert.That(error!.Message, Is.EqualTo("ana.result.json: the signature does not match: the file was changed after export, or it was signed with another instructor key"));
    }

    [Test]
    public void AnyChangedLetterOrDigit_IsRefused()
    {
        var original = Encoding.UTF8.GetBytes(Export());
        var accepted = new List<string>();
        for (var i = 0; i < original.Length; i++)
        {
            var b = original[i];
            if (!char.IsAsciiLetterOrDigit((char)b)) continue;
            var changed = (byte[])original.Clone();
            changed[i] = b switch { (byte)'9' => (byte)'0', (byte)'z' => (byte)'a', (byte)'Z' => (byte)'A', _ => (byte)(b + 1) };
            try
            {
                Read(Encoding.UTF8.GetString(changed));
                accepted.Add($"byte {i} ('{(char)b}' -> '{(char)changed[i]}')");
            }
            catch (ResultFileException)
            {
                // Refused, as it must be.
            }
        }
        Assert.That(accepted, Is.Empty);
    }

    [Test]
    public void WrongKey_IsRefused()
    {
        var error = Assert.Throws<ResultFileException>(() => Read(Export(), ResultFile.KeyFromText("another-class-key")));
        Assert.That(error!.Message, Does.Contain("signed with another instructor key"));
    }

    [Test]
    public void UnsignedFile_IsRefused()
    {
        var document = JsonNode.Parse(Export())!.AsObject();
        document.Remove("signature");

        var error = Assert.Throws<ResultFileException>(() => Read(document.ToJsonString()));
        Assert.That(error!.Message, Is.EqualTo("ana.result.json: the result is not signed; only results exported by a lab instance can be graded"));
    }

    [Test]
    public void DuplicatedKey_IsRefused()
    {
        var text = Export();
        var duplicated = text.Replace("\"hintsUsed\": 2,", "\"hintsUsed\": 2, \"hintsUsed\": 0,");
        Assert.Throws<ResultFileException>(() => Read(duplicated));
    }

    [Test]
    public void NotAResultFile_IsRefusedSayingSo()
    {
        Assert.That(Assert.Throws<ResultFileException>(() => Read("<junit/>"))!.Message, Does.StartWith("ana.result.json: not a FaultLab result file (invalid JSON"));
        Assert.That(Assert.Throws<ResultFileException>(() => Read("{\"format\": \"other/2\"}"))!.Message,
            Is.EqualTo("ana.result.json: not a FaultLab result file (format 'other/2', expected 'faultlab-result/1')"));
    }

    [Test]
    public void SignedResultClaimingPointsForAFailedCheck_IsRefused()
    {
        var impossible = Sample with
        {
            Verify = Sample.Verify with { Checks = [CheckResult.Fail("agent", "tunnel is Down", 2) with { Points = 2 }] },
        };
        var error = Assert.Throws<ResultFileException>(() => Read(Export(impossible)));
        Assert.That(error!.Message, Is.EqualTo("ana.result.json: check 'agent' claims 2 of 2 points while failed"));
    }
}
