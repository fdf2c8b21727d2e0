using System.Security.Cryptography.X509Certificates;
using FaultLab.Nodes.Edge;
using FaultLab.Nodes.Idp;
using FaultLab.Saml;

namespace FaultLab.Agent;

/// <summary>
/// The browser-based sign-in: AuthnRequest over the redirect binding to the IdP, the login form
/// filled with the user's credentials, and the SAMLResponse of the auto-post form checked with
/// the DEVICE clock (a skewed laptop fails here exactly as the real client does).
/// </summary>
public sealed class AgentSamlSignIn(Func<LaptopHttp> http, TimeProvider deviceClock)
{
    /// <summary>The whole sign-in: the round trip with the IdP, then the device's check of the assertion.</summary>
    public async Task<SamlPostForm> SignInAsync(Uri singleSignOn, AgentCredentials credentials, X509Certificate2 idpCertificate, string? idpEntityId, CancellationToken cancellationToken)
    {
        var answer = await RoundTripAsync(singleSignOn, credentials, cancellationToken);
        CheckAssertion(answer, idpCertificate, idpEntityId);
        return answer.Form;
    }

    /// <summary>The SAML round trip with the IdP: AuthnRequest, login form, and the SAMLResponse it posts back (not checked yet).</summary>
    public async Task<AgentSamlAnswer> RoundTripAsync(Uri singleSignOn, AgentCredentials credentials, CancellationToken cancellationToken)
    {
        var request = AuthnRequest.Create(EdgeEnrollmentApi.ServiceProviderEntityId, singleSignOn.ToString(), EdgeEnrollmentApi.AssertionConsumerUrl, deviceClock);
        using var client = http();
        var loginPage = await ReadAsync(client, "idp", () => client.GetAsync(SamlRedirectBinding.RequestUrl(request, relayState: null), cancellationToken), cancellationToken);
        if (!HtmlForm.TryParse(loginPage, out var form))
            throw new AgentStepException("idp", "the IdP answered no sign-in form");
        var fields = new Dictionary<string, string>(form.Fields)
        {
            [IdpLoginPage.UserNameField] = credentials.UserName,
            [IdpLoginPage.PasswordField] = credentials.Password,
        };
        var action = form.ActionUri(singleSignOn);
        client.TargetHost = action.Host;
        var posted = await ReadAsync(client, "idp login", () => client.Client.PostAsync(action, new FormUrlEncodedContent(fields), cancellationToken), cancellationToken);
        if (!SamlPostForm.TryParse(posted, out var response))
            throw new AgentStepException("idp login", "the IdP answered no SAMLResponse form");
        return new AgentSamlAnswer(response, request.Id);
    }

    /// <summary>Checks the returned assertion with the DEVICE clock; throws when this device refuses it.</summary>
    public void CheckAssertion(AgentSamlAnswer answer, X509Certificate2 idpCertificate, string? idpEntityId)
    {
        var validator = new SamlResponseValidator(new SamlValidationOptions
        {
            IdpCertificate = idpCertificate,
            ExpectedAudience = EdgeEnrollmentApi.ServiceProviderEntityId,
            ExpectedRecipient = EdgeEnrollmentApi.AssertionConsumerUrl,
            ExpectedIssuer = idpEntityId,
        });
        var result = validator.Validate(answer.Form.SamlResponse, deviceClock.GetUtcNow(), answer.RequestId);
        if (!result.IsValid) throw new AgentStepException("saml", $"the assertion was refused on this device: {result}");
    }

    private static async Task<string> ReadAsync(LaptopHttp client, string step, Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) throw new AgentStepException(step, $"{(int)response.StatusCode} {text.Trim()}");
            return text;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentStepException(step, client.Describe(e), e);
        }
    }
}
