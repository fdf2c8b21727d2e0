using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FaultLab.Nodes.Web;
using FaultLab.Saml;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes.Idp;

/// <summary>
/// The lab's SAML 2.0 identity provider on HTTPS (idp.lab:443): metadata, an SSO endpoint that takes an
/// AuthnRequest over HTTP-Redirect (or HTTP-POST), a password login, and a signed Response sent back to the
/// SP's ACS with the HTTP-POST binding. <see cref="Outage"/> makes every endpoint answer 503.
/// </summary>
public sealed class IdpNode : ILabNode
{
    public const string MetadataPath = "/saml/metadata";
    public const string SsoPath = "/saml/sso";
    public const string LoginPath = "/saml/login";
    public const string HealthPath = "/healthz";

    private const string HtmlType = "text/html; charset=utf-8";
    private const string TextType = "text/plain; charset=utf-8";

    private WebNodeHost? _host;
    private SamlResponseBuilder? _responses;
    private Func<X509Certificate2> _signingCertificate = () => throw new InvalidOperationException("the IdP has not started");
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private IReadOnlyList<NodeEndpoint> _endpoints = [];
    private volatile bool _outage;

    public IdpNode(IdpOptions? options = null, string name = "idp")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Options = options ?? new IdpOptions();
        Options.Validate();
        Name = name;
    }

    public string Name { get; }

    public string Role => "idp";

    public IdpOptions Options { get; }

    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>While on, every endpoint (health included) answers 503, as an IdP outage looks to its clients.</summary>
    public bool Outage
    {
        get => _outage;
        set
        {
            if (_outage != value) _logger.LogInformation("{Node}: outage {State}", Name, value ? "on" : "off");
            _outage = value;
        }
    }

    /// <summary>The certificate the next Response will be signed with.</summary>
    public X509Certificate2 CurrentSigningCertificate => _signingCertificate();

    /// <summary>The metadata document as served now (it carries the current signing certificate).</summary>
    public IdpMetadata Metadata => new(Options.EntityId, CurrentSigningCertificate, Options.SingleSignOnUrl, Options.SingleSignOnUrl,
        SamlNames.NameIdEmailAddress);

    public async Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (_host is not null) throw new InvalidOperationException($"{Name} is already started");
        _logger = context.Logs.CreateLogger($"FaultLab.Nodes.Idp.{Name}");
        _signingCertificate = Options.SigningCertificate ?? (() => context.Pki.IdpSigning);
        _responses = new SamlResponseBuilder(Options.EntityId, context.Clock);

        var origin = context.Pki.PublicOrigin;
        var tls = WebNodeHost.ContextFor(origin.LeafFor(Options.HostName), origin.IntermediatesForServer());
        _host = await WebNodeHost.StartAsync(context, http: false, _ => tls, Map, cancellationToken);

        var port = _host.HttpsPort ?? throw new InvalidOperationException($"{Name}: Kestrel reported no HTTPS port");
        var service = new ServiceAddress(Options.HostName, 443, Transport.Tcp);
        context.Directory.Register(service, new IPEndPoint(context.BindAddress, port));
        _endpoints = [new NodeEndpoint("https", "https", context.BindAddress.ToString(), port, service.ToString())];
        _logger.LogInformation("{Node}: {Service} on {Address}:{Port}", Name, service, context.BindAddress, port);
    }

    private void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!_outage)
            {
                await next(http);
                return;
            }
            _logger.LogInformation("{Node}: outage, answered 503 to {Method} {Path}", Name, http.Request.Method, http.Request.Path);
            http.Response.Headers.RetryAfter = "60";
            await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, TextType, $"{Options.HostName} is temporarily unavailable\n");
        });
        app.MapGet(HealthPath, (RequestDelegate)(http => WriteAsync(http, StatusCodes.Status200OK, TextType, "ok\n")));
        app.MapGet(MetadataPath, (RequestDelegate)ServeMetadataAsync);
        app.MapGet(SsoPath, (RequestDelegate)SsoRedirectAsync);
        app.MapPost(SsoPath, (RequestDelegate)SsoPostAsync);
        app.MapPost(LoginPath, (RequestDelegate)LoginAsync);
    }

    private Task ServeMetadataAsync(HttpContext http) =>
        WriteAsync(http, StatusCodes.Status200OK, "application/samlmetadata+xml; charset=utf-8", Metadata.ToXml());

    private Task SsoRedirectAsync(HttpContext http)
    {
        var samlRequest = http.Request.Query[SamlNames.SamlRequestField].ToString();
        if (samlRequest.Length == 0)
            return BadRequestAsync(http, $"the {SamlNames.SamlRequestField} query parameter is missing");
        return SamlRedirectBinding.TryDecode(samlRequest, out var xml, out var error)
            ? ShowLoginAsync(http, xml, http.Request.Query[SamlNames.RelayStateField].ToString())
            : BadRequestAsync(http, error);
    }

    private async Task SsoPostAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            await BadRequestAsync(http, "expected an HTML form post carrying SAMLRequest");
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (SamlPostBinding.TryDecode(form[SamlNames.SamlRequestField].ToString(), out var xml, out var error))
            await ShowLoginAsync(http, xml, form[SamlNames.RelayStateField].ToString());
        else
            await BadRequestAsync(http, $"{SamlNames.SamlRequestField}: {error}");
    }

    private Task ShowLoginAsync(HttpContext http, string xml, string relayState)
    {
        if (!AuthnRequest.TryParse(xml, out var request, out var error))
            return BadRequestAsync(http, error);
        if (request.Destination.Length > 0 && request.Destination != Options.SingleSignOnUrl)
            return BadRequestAsync(http, $"the AuthnRequest is addressed to '{request.Destination}', not this IdP's SSO endpoint '{Options.SingleSignOnUrl}'");
        _logger.LogInformation("{Node}: AuthnRequest {Id} from {Sp} for ACS {Acs}", Name, request.Id, request.Issuer, request.AssertionConsumerServiceUrl);
        return WriteAsync(http, StatusCodes.Status200OK, HtmlType, IdpLoginPage.Render(PendingAuthnRequest.From(request, relayState), error: null));
    }

    private async Task LoginAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            await BadRequestAsync(http, "expected an HTML form post from the sign-in page");
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!PendingAuthnRequest.TryRead(form, out var pending, out var error))
        {
            await BadRequestAsync(http, error);
            return;
        }

        var userName = form[IdpLoginPage.UserNameField].ToString().Trim();
        var user = FindUser(userName, form[IdpLoginPage.PasswordField].ToString());
        if (user is null)
        {
            _logger.LogInformation("{Node}: sign-in failed for '{User}' (request {Id})", Name, userName, pending.RequestId);
            await WriteAsync(http, StatusCodes.Status401Unauthorized, HtmlType,
                IdpLoginPage.Render(pending, "Incorrect user name or password.", userName));
            return;
        }

        string samlResponse;
        var certificate = _signingCertificate();
        try
        {
            samlResponse = _responses!.BuildForPost(new SamlResponseContent(
                pending.AssertionConsumerServiceUrl, pending.RequestId, pending.SpEntityId, user.UserName,
                new Dictionary<string, IReadOnlyList<string>>
                {
                    ["email"] = [user.UserName],
                    ["displayName"] = [user.DisplayName],
                    ["groups"] = user.Groups,
                }), certificate);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            _logger.LogError("{Node}: cannot sign with {Subject} ({Thumbprint}): {Reason}", Name, certificate.Subject, certificate.Thumbprint, e.Message);
            await WriteAsync(http, StatusCodes.Status500InternalServerError, TextType, $"the IdP cannot sign the response: {e.Message}\n");
            return;
        }
        _logger.LogInformation("{Node}: signed in {User}, Response to {Acs} for request {Id} signed by {Thumbprint}",
            Name, user.UserName, pending.AssertionConsumerServiceUrl, pending.RequestId, certificate.Thumbprint);
        await WriteAsync(http, StatusCodes.Status200OK, HtmlType,
            new SamlPostForm(pending.AssertionConsumerServiceUrl, samlResponse, pending.RelayState).ToHtml());
    }

    private IdpUser? FindUser(string userName, string password)
    {
        var user = Options.Users.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));
        if (user is null) return null;
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Password), Encoding.UTF8.GetBytes(password));
        return matches ? user : null;
    }

    private Task BadRequestAsync(HttpContext http, string reason)
    {
        _logger.LogInformation("{Node}: 400 for {Method} {Path}: {Reason}", Name, http.Request.Method, http.Request.Path, reason);
        return WriteAsync(http, StatusCodes.Status400BadRequest, TextType, reason + "\n");
    }

    private static Task WriteAsync(HttpContext http, int status, string contentType, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(body, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
    }
}
