using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FaultLab.Faults.Kinds;
using FaultLab.Tests.Middleboxes.Http;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Faults.Kinds;

public sealed partial class SamlSkewFaultTests : HttpLabFixture
{
    private byte[] _original = null!;

    [OneTimeSetUp]
    public void SignSample() => _original = SignedSamlResponse.Create(Lab.Pki.IdpSigning, DateTime.UtcNow);

    [TestCase(412)]
    [TestCase(-301)]
    public async Task PostedSamlResponse_ReachesOriginWithTimestampsMovedAndEveryOtherByteKept(int shift)
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new SamlSkewFault { ShiftSeconds = shift });
        using var client = HttpLab.ProxiedClient(box);

        using var response = await client.PostAsync("http://idp.lab/acs", Form(_original, relayState: "a+b/c=d&e"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var received = Lab.ReceivedBodies.Single();
        Assert.That(Lab.ReceivedLengths.Single(), Is.EqualTo(received.Length), "Content-Length must match the new body");
        var (rewritten, relay) = ReadForm(received);
        Assert.That(relay, Is.EqualTo("a+b/c=d&e"));
        AssertOnlyTimestampsMoved(_original, rewritten, shift);
        Assert.That(switches[0].Counts["shifted"], Is.EqualTo(1));
    }

    [Test]
    public async Task OverResignedTls_TheRewriteAppliesToo()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge }, new SamlSkewFault { ShiftSeconds = 412 });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);

        using var response = await client.PostAsync("https://idp.lab/acs", Form(_original));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertOnlyTimestampsMoved(_original, ReadForm(Lab.ReceivedBodies.Single()).Saml, 412);
    }

    [Test]
    public async Task Xmlsec1_VerifiesTheOriginal_AndRefusesTheRewritten()
    {
        ExternalTool.Require("xmlsec1");
        var (box, _) = await Lab.StartMiddleboxAsync(new SamlSkewFault { ShiftSeconds = 412 });
        using var client = HttpLab.ProxiedClient(box);
        using var response = await client.PostAsync("http://idp.lab/acs", Form(_original));
        var rewritten = ReadForm(Lab.ReceivedBodies.Single()).Saml;

        var original = await VerifyWithXmlsecAsync(_original);
        var moved = await VerifyWithXmlsecAsync(rewritten);

        Assert.That(original.ExitCode, Is.EqualTo(0), original.ToString());
        Assert.That(moved.ExitCode, Is.Not.EqualTo(0), moved.ToString());
        Assert.That(SignedSamlResponse.Verifies(_original, Lab.Pki.IdpSigning), Is.True);
        Assert.That(SignedSamlResponse.Verifies(rewritten, Lab.Pki.IdpSigning), Is.False);
    }

    [Test]
    public async Task CompressedForm_IsPassedUntouchedAndCounted()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new SamlSkewFault { ShiftSeconds = 412 });
        using var client = HttpLab.ProxiedClient(box);
        var plain = await Form(_original).ReadAsByteArrayAsync();
        var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(plain);
        var content = new ByteArrayContent(gzipped.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync("http://idp.lab/acs", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Lab.ReceivedBodies.Single(), Is.EqualTo(gzipped.ToArray()));
        Assert.That(switches[0].Counts["passed compressed body"], Is.EqualTo(1));
        Assert.That(switches[0].Counts.ContainsKey("shifted"), Is.False);
    }

    [Test]
    public async Task FormWithoutSamlResponse_IsForwardedByteForByte()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new SamlSkewFault { ShiftSeconds = 412 });
        using var client = HttpLab.ProxiedClient(box);
        var body = "user=alice&NotBefore=2020-01-01T00%3A00%3A00Z"u8.ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await client.PostAsync("http://idp.lab/acs", content);

        Assert.That(Lab.ReceivedBodies.Single(), Is.EqualTo(body));
        Assert.That(switches[0].Counts, Is.Empty);
    }

    [Test]
    public void ShiftTimestamps_KeepsFractionZoneAndQuotes_AndLeavesCommentsTextAndOtherAttributesAlone()
    {
        var xml = """<a IssueInstant="2025-03-01T23:59:59.123Z" x:NotBefore="2025-03-01T00:00:00Z"><!-- NotBefore="2025-03-01T00:00:00Z" --><b NotBefore='2025-12-31T23:59:30+02:00' Name="NotOnOrAfter">NotOnOrAfter="2025-03-01T00:00:00Z"</b><c AuthnInstant="2025-03-01T10:00:00"/></a>""";

        var moved = SamlSkewFault.ShiftTimestamps(Encoding.UTF8.GetBytes(xml), 61, out var count, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(count, Is.EqualTo(3));
        Assert.That(Encoding.UTF8.GetString(moved!), Is.EqualTo(
            """<a IssueInstant="2025-03-02T00:01:00.123Z" x:NotBefore="2025-03-01T00:00:00Z"><!-- NotBefore="2025-03-01T00:00:00Z" --><b NotBefore='2026-01-01T00:00:31+02:00' Name="NotOnOrAfter">NotOnOrAfter="2025-03-01T00:00:00Z"</b><c AuthnInstant="2025-03-01T10:01:01"/></a>"""));
    }

    [TestCase("""<!DOCTYPE a [<!ENTITY e "x">]><a NotBefore="2025-03-01T00:00:00Z"/>""", "DOCTYPE")]
    [TestCase("""<a NotBefore="2025-03-01T00:00:00Z""", "does not end")]
    [TestCase("""<a NotBefore="soon"/>""", "not xs:dateTime")]
    [TestCase("""<a Other="2025-03-01T00:00:00Z"/>""", "no SAML timestamps")]
    public void ShiftTimestamps_OnXmlItCannotSafelyEdit_ChangesNothingAndSaysWhy(string xml, string why)
    {
        var moved = SamlSkewFault.ShiftTimestamps(Encoding.UTF8.GetBytes(xml), 61, out _, out var problem);

        Assert.That(moved, Is.Null);
        Assert.That(problem, Does.Contain(why));
    }

    [Test]
    public void ShiftForm_WithUnencodedPlusSigns_StillDecodes()
    {
        var base64 = Convert.ToBase64String(_original);
        Assume.That(base64, Does.Contain("+"), "the sample needs a '+' in its base64");
        var form = Encoding.ASCII.GetBytes("SAMLResponse=" + base64.Replace("/", "%2F").Replace("=", "%3D"));

        var (rewritten, shifted, problem) = SamlSkewFault.ShiftForm(form, 5);

        Assert.That(problem, Is.Null);
        Assert.That(shifted, Is.EqualTo(6));
        Assert.That(rewritten, Is.Not.Null);
    }

    [TestCase("shiftSeconds: 0", "1:1: fault 'saml-skew': 'shiftSeconds' must be a non-zero number of seconds")]
    [TestCase("shiftSeconds: 99999999", "1:1: fault 'saml-skew': 'shiftSeconds' must be within")]
    [TestCase("shiftSeconds: soon", "4:15: 'shiftSeconds' of fault 'saml-skew' must be an integer, got 'soon'")]
    public void BadShift_IsRefusedWithTheLocatedMessage(string parameter, string message)
    {
        var error = FaultYaml.ErrorOf($"kind: saml-skew\nlink: idp\nowner: world\n{parameter}\n");

        Assert.That(error, Does.StartWith($"{FaultYaml.File}:{message}"));
    }

    [Test]
    public void Bind_NegativeShift_GivesTypedFault()
    {
        var fault = FaultYaml.Bind<SamlSkewFault>("kind: saml-skew\nlink: idp\nshiftSeconds: -412\n");

        Assert.That(fault.ShiftSeconds, Is.EqualTo(-412));
        Assert.That(fault.Describe(), Does.Contain("-412 s"));
    }

    private static FormUrlEncodedContent Form(byte[] samlXml, string relayState = "/app") =>
        new([new("SAMLResponse", Convert.ToBase64String(samlXml)), new("RelayState", relayState)]);

    private static (byte[] Saml, string RelayState) ReadForm(byte[] body)
    {
        var fields = Encoding.ASCII.GetString(body).Split('&').Select(f => f.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]));
        return (Convert.FromBase64String(fields["SAMLResponse"]), fields["RelayState"]);
    }

    /// <summary>Same length, and every differing byte lies inside a timestamp attribute value that moved by exactly <paramref name="shift"/>.</summary>
    private static void AssertOnlyTimestampsMoved(byte[] before, byte[] after, int shift)
    {
        Assert.That(after, Has.Length.EqualTo(before.Length));
        var text = Encoding.UTF8.GetString(before);
        var comment = (Start: text.IndexOf("<!--", StringComparison.Ordinal), End: text.IndexOf("-->", StringComparison.Ordinal));
        var values = TimestampValue().Matches(text).Select(m => m.Groups["v"])
            .Where(v => v.Index < comment.Start || v.Index > comment.End).ToArray();
        Assert.That(values, Has.Length.EqualTo(6), "IssueInstant x2, SubjectConfirmationData NotOnOrAfter, NotBefore, NotOnOrAfter, AuthnInstant");

        for (var i = 0; i < before.Length; i++)
            if (before[i] != after[i])
                Assert.That(values.Any(v => i >= v.Index && i < v.Index + v.Length), $"byte {i} changed outside a timestamp value");
        foreach (var v in values)
        {
            var was = DateTime.ParseExact(v.Value[..19], "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            var now = DateTime.ParseExact(Encoding.ASCII.GetString(after, v.Index, 19), "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            Assert.That((now - was).TotalSeconds, Is.EqualTo(shift), $"value at {v.Index}");
            Assert.That(Encoding.ASCII.GetString(after, v.Index + 19, v.Length - 19), Is.EqualTo(v.Value[19..]), "fraction and zone are kept");
        }
    }

    private async Task<ExternalToolResult> VerifyWithXmlsecAsync(byte[] xml)
    {
        var file = Path.Combine(Lab.FilesDirectory, $"response-{Guid.NewGuid():N}.xml");
        await File.WriteAllBytesAsync(file, xml);
        return await ExternalTool.RunAsync("xmlsec1", ["--verify", "--pubkey-cert-pem", Lab.PemOf("idp-signing"),
            "--id-attr:ID", $"{SignedSamlResponse.AssertionNamespace}:Assertion", file]);
    }

    [GeneratedRegex("""\s(?:NotBefore|NotOnOrAfter|IssueInstant|AuthnInstant)=["'](?<v>[^"']*)["']""")]
    private static partial Regex TimestampValue();
}
