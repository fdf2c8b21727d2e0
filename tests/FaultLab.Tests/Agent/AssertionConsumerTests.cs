using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FaultLab.Agent;
using FaultLab.Saml;

namespace FaultLab.Tests.Agent;

/// <summary>The edge's ACS (POST https://api.edge.lab/saml/acs) re-checks what the agent hands it, on the world clock.</summary>
public sealed class AssertionConsumerTests
{
    [Test]
    public async Task SignedAssertion_IsAccepted_AndAnswersTheAuthToken()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        var (cloud, token, form) = await SignInAsync(world);

        var authToken = await cloud.PostAssertionAsync(token, form, CancellationToken.None);

        Assert.That(authToken, Is.EqualTo(token));
    }

    [Test]
    public async Task TimestampsRewrittenInTransit_AreRefusedWithTheReason()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        var (cloud, token, form) = await SignInAsync(world);
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(form.SamlResponse));
        var stretched = Regex.Replace(xml, "NotOnOrAfter=\"[^\"]+\"", $"NotOnOrAfter=\"{DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}\"");
        Assert.That(stretched, Is.Not.EqualTo(xml), "the response carries NotOnOrAfter to rewrite");

        var e = Assert.ThrowsAsync<AgentStepException>(() =>
            cloud.PostAssertionAsync(token, form with { SamlResponse = SamlPostBinding.Encode(stretched) }, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("401").And.Contain("SAML assertion refused"));
    }

    [Test]
    public async Task WithoutADeviceToken_IsRefused()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        var (cloud, _, form) = await SignInAsync(world);

        var e = Assert.ThrowsAsync<AgentStepException>(() => cloud.PostAssertionAsync("not-a-token", form, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("401").And.Contain("unknown device token"));
    }

    private static async Task<(AgentCloudClient Cloud, string Token, SamlPostForm Form)> SignInAsync(AgentWorld world)
    {
        await using var agent = world.Agent();
        var cloud = new AgentCloudClient(() => agent.Http(agent.Sockets.ConnectTcpAsync));
        var token = await cloud.EnrollAsync("acs-test-device", "laptop-01", "alice@corp.lab", new JsonObject(), CancellationToken.None);
        var form = await new AgentSamlSignIn(() => agent.Http(agent.Sockets.ConnectTcpAsync), TimeProvider.System)
            .SignInAsync(new Uri("https://idp.lab/saml/sso"), AgentCredentials.Alice, world.Pki.IdpSigning, "https://idp.lab/saml", CancellationToken.None);
        return (cloud, token, form);
    }
}
