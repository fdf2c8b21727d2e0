using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Nodes;
using FaultLab.Nodes.Idp;
using FaultLab.Pki;
using FaultLab.Saml;
using FaultLab.World;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Nodes.Idp;

/// <summary>
/// An IdP node started on loopback for a test, with a browser-like HttpClient that reaches lab names
/// through the directory and trusts only the lab root.
/// </summary>
internal sealed class RunningIdp : IAsyncDisposable
{
    public const string SpEntityId = "https://gateway.edge.lab/saml";
    public const string Acs = "https://gateway.edge.lab/saml/acs";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private RunningIdp(NodeContext context, IdpNode node)
    {
        Context = context;
        Node = node;
        Client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = ConnectThroughDirectoryAsync,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ChainsToLabRoot },
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
        { Timeout = RequestTimeout };
    }

    public NodeContext Context { get; }
    public IdpNode Node { get; }
    public HttpClient Client { get; }

    public static async Task<RunningIdp> StartAsync(IdpOptions? options = null)
    {
        var context = new NodeContext("idp-tests", LabPki.Create("idp-tests", DateTimeOffset.UtcNow), new LabDirectory(),
            IPAddress.Loopback, NullLoggerFactory.Instance, TimeProvider.System);
        var node = new IdpNode(options);
        using var timeout = new CancellationTokenSource(RequestTimeout);
        await node.StartAsync(context, timeout.Token);
        return new RunningIdp(context, node);
    }

    public Uri Url(string path) => new($"https://{Node.Options.HostName}{path}");

    /// <summary>Sends a fresh AuthnRequest over the redirect binding and answers the login form; returns the request and the page the IdP answered.</summary>
    public async Task<(AuthnRequest Request, HttpResponseMessage Answer)> SignInAsync(string userName, string password, string? relayState = "/after-login")
    {
        var request = AuthnRequest.Create(SpEntityId, Node.Options.SingleSignOnUrl, Acs, TimeProvider.System);
        var ssoUrl = SamlRedirectBinding.RequestUrl(request, relayState);
        using var loginPage = await Client.GetAsync(ssoUrl);
        Assert.That(loginPage.StatusCode, Is.EqualTo(HttpStatusCode.OK), await loginPage.Content.ReadAsStringAsync());
        Assert.That(HtmlForm.TryParse(await loginPage.Content.ReadAsStringAsync(), out var form), Is.True, "the SSO endpoint answered no form");

        var fields = new Dictionary<string, string>(form!.Fields) { [IdpLoginPage.UserNameField] = userName, [IdpLoginPage.PasswordField] = password };
        var answer = await Client.PostAsync(form.ActionUri(ssoUrl), new FormUrlEncodedContent(fields));
        return (request, answer);
    }

    /// <summary>Signs in successfully and reads the HTTP-POST binding page.</summary>
    public async Task<(AuthnRequest Request, SamlPostForm Form)> SignInToPostFormAsync(string userName = "alice@corp.lab", string password = "correct-horse")
    {
        var (request, answer) = await SignInAsync(userName, password);
        using (answer)
        {
            var html = await answer.Content.ReadAsStringAsync();
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(SamlPostForm.TryParse(html, out var form), Is.True, "the IdP answered no SAMLResponse form");
            return (request, form!);
        }
    }

    private async ValueTask<Stream> ConnectThroughDirectoryAsync(SocketsHttpConnectionContext connection, CancellationToken cancellationToken)
    {
        var target = new ServiceAddress(connection.DnsEndPoint.Host, connection.DnsEndPoint.Port, Transport.Tcp);
        if (!Context.Directory.TryResolve(target, out var endpoint))
            throw new HttpRequestException($"{target} is not a lab service");
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }
    }

    private bool ChainsToLabRoot(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Context.Pki.Root.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
        Context.Pki.Dispose();
    }
}
