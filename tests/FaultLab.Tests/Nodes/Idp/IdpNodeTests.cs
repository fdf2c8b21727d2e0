using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FaultLab.Nodes.Idp;
using FaultLab.Saml;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Idp;

public class IdpNodeTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(8);

    private RunningIdp _idp = null!;
    private string _workDirectory = null!;

    [SetUp]
    public async Task StartIdp()
    {
        _idp = await RunningIdp.StartAsync();
        _workDirectory = Directory.CreateTempSubdirectory("faultlab-idp-").FullName;
    }

    [TearDown]
    public async Task StopIdp()
    {
        await _idp.DisposeAsync();
        Directory.Delete(_workDirectory, recursive: true);
    }

    [Test]
    public void Start_RegistersIdpLabOn443_AndListsItsHttpsEndpoint()
    {
        Assert.That(_idp.Context.Directory.TryResolve(new ServiceAddress("idp.lab", 443, Transport.Tcp), out var endpoint), Is.True);
        Assert.That(IPAddress.IsLoopback(endpoint.Address), Is.True);
        Assert.That(_idp.Node.Role, Is.EqualTo("idp"));
        Assert.That(_idp.Node.Endpoints, Has.Count.EqualTo(1));
        Assert.That(_idp.Node.Endpoints[0], Is.EqualTo(new FaultLab.Nodes.NodeEndpoint("https", "https", "127.0.0.1", endpoint.Port, "idp.lab:443/tcp")));
    }

    [Test]
    public async Task Metadata_Parses_AndCarriesTheSigningCertificate()
    {
        using var answer = await _idp.Client.GetAsync(_idp.Url(IdpNode.MetadataPath));
        var xml = await answer.Content.ReadAsStringAsync();

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(answer.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/samlmetadata+xml"));
        Assert.That(IdpMetadata.TryParse(xml, out var metadata, out var error), Is.True, error);
        Assert.That(metadata!.EntityId, Is.EqualTo("https://idp.lab/saml"));
        Assert.That(metadata.SigningCertificate.Thumbprint, Is.EqualTo(_idp.Context.Pki.IdpSigning.Thumbprint));
        Assert.That(metadata.SingleSignOnRedirectUrl, Is.EqualTo("https://idp.lab/saml/sso"));
        Assert.That(metadata.SingleSignOnPostUrl, Is.EqualTo("https://idp.lab/saml/sso"));
        Assert.That(metadata.NameIdFormat, Is.EqualTo(SamlNames.NameIdEmailAddress));
    }

    [Test]
    public async Task RedirectRoundTrip_EndsInAPostFormWhoseResponseTheValidatorAccepts()
    {
        var (request, form) = await _idp.SignInToPostFormAsync();

        Assert.That(form.AssertionConsumerServiceUrl, Is.EqualTo(RunningIdp.Acs));
        Assert.That(form.RelayState, Is.EqualTo("/after-login"));
        var result = Validator().Validate(form.SamlResponse, DateTimeOffset.UtcNow, request.Id);
        Assert.That(result.IsValid, Is.True, result.ToString());
        Assert.That(result.Assertion!.NameId, Is.EqualTo("alice@corp.lab"));
        Assert.That(result.Assertion.NameIdFormat, Is.EqualTo(SamlNames.NameIdEmailAddress));
        Assert.That(result.Assertion.Attributes["displayName"], Is.EqualTo(new[] { "Alice Martin" }));
    }

    [Test]
    public async Task PostBindingRequest_GetsTheLoginFormToo()
    {
        var request = AuthnRequest.Create(RunningIdp.SpEntityId, _idp.Node.Options.SingleSignOnUrl, RunningIdp.Acs, TimeProvider.System);
        using var answer = await _idp.Client.PostAsync(_idp.Url(IdpNode.SsoPath), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [SamlNames.SamlRequestField] = SamlPostBinding.Encode(request.ToXml()),
            [SamlNames.RelayStateField] = "rs",
        }));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(HtmlForm.TryParse(await answer.Content.ReadAsStringAsync(), out var form), Is.True);
        Assert.That(form!.Fields[PendingAuthnRequest.RequestIdField], Is.EqualTo(request.Id));
        Assert.That(form.Fields[SamlNames.RelayStateField], Is.EqualTo("rs"));
    }

    [Test]
    public async Task Xmlsec1_VerifiesTheResponse_AndFailsItAfterOneNameIdByteChanges()
    {
        var xmlsec1 = ExternalTool.Find("xmlsec1");
        if (xmlsec1 is null) Assert.Ignore("xmlsec1 not installed: cannot check the signature with a real client");
        var (_, form) = await _idp.SignInToPostFormAsync();
        Assert.That(SamlPostBinding.TryDecode(form.SamlResponse, out var xml, out var error), Is.True, error);
        await File.WriteAllTextAsync(Path.Combine(_workDirectory, "idp.pem"), _idp.Context.Pki.IdpSigning.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_workDirectory, "resp.xml"), xml);
        var tampered = Regex.Replace(xml!, "(<saml:NameID[^>]*>)alice", "${1}alicf");
        Assert.That(tampered, Is.Not.EqualTo(xml));
        await File.WriteAllTextAsync(Path.Combine(_workDirectory, "tampered.xml"), tampered);

        var verified = await ExternalTool.RunAsync(xmlsec1!, Verify("resp.xml"), _workDirectory, ToolTimeout);
        var refused = await ExternalTool.RunAsync(xmlsec1!, Verify("tampered.xml"), _workDirectory, ToolTimeout);
        var (exit, output) = (verified.ExitCode, verified.All);
        var (tamperedExit, tamperedOutput) = (refused.ExitCode, refused.All);

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("OK"));
        Assert.That(tamperedExit, Is.Not.EqualTo(0), tamperedOutput);
    }

    [Test]
    public async Task Curl_TrustingOnlyTheLabRoot_FetchesTheMetadata()
    {
        var curl = ExternalTool.Find("curl");
        if (curl is null) Assert.Ignore("curl not installed: cannot fetch metadata with a real client");
        var files = _idp.Context.Pki.ExportPublic(_workDirectory);
        var port = _idp.Node.Endpoints[0].Port;

        var fetched = await ExternalTool.RunAsync(curl!,
            ["-sS", "--fail", "--noproxy", "*", "--cacert", files["root"], "--connect-to", $"idp.lab:443:127.0.0.1:{port}", "https://idp.lab/saml/metadata"],
            _workDirectory, ToolTimeout);
        var (exit, output) = (fetched.ExitCode, fetched.All);

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("IDPSSODescriptor"));
    }

    [TestCase(412, SamlValidationError.Expired)]
    [TestCase(-412, SamlValidationError.NotYetValid)]
    [TestCase(60, SamlValidationError.None)]
    [TestCase(0, SamlValidationError.None)]
    public async Task DeviceClockOffset_DecidesWhetherTheIdpsResponseIsAccepted(int deviceOffsetSeconds, SamlValidationError expected)
    {
        var (request, form) = await _idp.SignInToPostFormAsync();

        var result = Validator().Validate(form.SamlResponse, DateTimeOffset.UtcNow.AddSeconds(deviceOffsetSeconds), request.Id);

        Assert.That(result.Error, Is.EqualTo(expected), result.ToString());
    }

    [Test]
    public async Task WrongPassword_Answers401_WithTheLoginFormAgainAndAnError()
    {
        var (request, answer) = await _idp.SignInAsync("alice@corp.lab", "wrong-horse");
        using (answer)
        {
            var html = await answer.Content.ReadAsStringAsync();

            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(html, Does.Contain("Incorrect user name or password"));
            Assert.That(SamlPostForm.TryParse(html, out _), Is.False, "no SAMLResponse after a wrong password");
            Assert.That(HtmlForm.TryParse(html, out var form), Is.True);
            Assert.That(form!.Fields[PendingAuthnRequest.RequestIdField], Is.EqualTo(request.Id));
            Assert.That(form.Fields[IdpLoginPage.UserNameField], Is.EqualTo("alice@corp.lab"));
        }
    }

    [Test]
    public async Task SecondUser_SignsInWithTheirOwnPassword()
    {
        var (_, form) = await _idp.SignInToPostFormAsync("bob@partner.lab", "battery-staple");

        var result = Validator().Validate(form.SamlResponse, DateTimeOffset.UtcNow);
        Assert.That(result.Assertion?.NameId, Is.EqualTo("bob@partner.lab"), result.ToString());
    }

    [Test]
    public async Task Outage_Answers503OnEveryEndpoint_UntilSwitchedOff()
    {
        _idp.Node.Outage = true;
        foreach (var path in new[] { IdpNode.HealthPath, IdpNode.MetadataPath, IdpNode.SsoPath + "?SAMLRequest=x" })
        {
            using var answer = await _idp.Client.GetAsync(_idp.Url(path));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), path);
        }
        using (var login = await _idp.Client.PostAsync(_idp.Url(IdpNode.LoginPath), new FormUrlEncodedContent([])))
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));

        _idp.Node.Outage = false;
        using var health = await _idp.Client.GetAsync(_idp.Url(IdpNode.HealthPath));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("not-deflate-or-base64!", "base64")]
    [TestCase("", "missing")]
    public async Task MalformedSamlRequest_Answers400WithTheReason(string samlRequest, string reason)
    {
        using var answer = await _idp.Client.GetAsync(_idp.Url($"{IdpNode.SsoPath}?SAMLRequest={Uri.EscapeDataString(samlRequest)}"));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain(reason));
    }

    [Test]
    public async Task RequestAddressedToAnotherIdp_Answers400NamingTheDestination()
    {
        var request = AuthnRequest.Create(RunningIdp.SpEntityId, "https://other-idp.lab/sso", RunningIdp.Acs, TimeProvider.System);
        var url = SamlRedirectBinding.RequestUrl(request, null).Query;

        using var answer = await _idp.Client.GetAsync(_idp.Url(IdpNode.SsoPath + url));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain("https://other-idp.lab/sso"));
    }

    [Test]
    public async Task ExpiredSigningCertificate_MakesTheResponseFailCertificateExpired()
    {
        var expired = _idp.Context.Pki.ExpireIdpSigning(DateTimeOffset.UtcNow);
        var (request, form) = await _idp.SignInToPostFormAsync();

        var result = Validator(pinned: expired).Validate(form.SamlResponse, DateTimeOffset.UtcNow, request.Id);

        Assert.That(result.Error, Is.EqualTo(SamlValidationError.CertificateExpired), result.ToString());
        Assert.That(result.Message, Does.Contain("expired"));
    }

    [Test]
    public async Task RotatedSigningCertificate_IsPublishedInMetadata_AndAnOldPinFailsCertificateMismatch()
    {
        var old = _idp.Context.Pki.IdpSigning;
        var rotated = _idp.Context.Pki.RotateIdpSigning(DateTimeOffset.UtcNow);
        using var metadataAnswer = await _idp.Client.GetAsync(_idp.Url(IdpNode.MetadataPath));
        Assert.That(IdpMetadata.TryParse(await metadataAnswer.Content.ReadAsStringAsync(), out var metadata, out _), Is.True);
        var (request, form) = await _idp.SignInToPostFormAsync();

        var result = Validator(pinned: old).Validate(form.SamlResponse, DateTimeOffset.UtcNow, request.Id);

        Assert.That(metadata!.SigningCertificate.Thumbprint, Is.EqualTo(rotated.Thumbprint));
        Assert.That(result.Error, Is.EqualTo(SamlValidationError.CertificateMismatch), result.ToString());
    }

    [Test]
    public async Task Dispose_ClosesTheListeningPort()
    {
        var port = _idp.Node.Endpoints[0].Port;

        await _idp.Node.DisposeAsync();

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(IPAddress.Loopback, port));
    }

    private SamlResponseValidator Validator(System.Security.Cryptography.X509Certificates.X509Certificate2? pinned = null) => new(new SamlValidationOptions
    {
        IdpCertificate = pinned ?? _idp.Context.Pki.IdpSigning,
        ExpectedAudience = RunningIdp.SpEntityId,
        ExpectedRecipient = RunningIdp.Acs,
        ExpectedIssuer = _idp.Node.Options.EntityId,
    });

    private static string[] Verify(string file) =>
        ["--verify", "--pubkey-cert-pem", "idp.pem", "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", file];
}
