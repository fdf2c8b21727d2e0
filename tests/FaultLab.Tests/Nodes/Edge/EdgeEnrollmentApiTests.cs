using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The enrollment and policy API at https://api.edge.lab, over real HTTPS.</summary>
public sealed class EdgeEnrollmentApiTests : EdgeLabFixture
{
    [Test]
    public async Task Enroll_ThenPolicyWithTheToken_ReturnsThePortalPolicy()
    {
        var token = await EnrollAsync("dev-policy", "LAPTOP-1");

        using var response = await GetPolicyAsync(token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var policy = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(policy["forwarding"]!["transport"]!.GetValue<string>(), Is.EqualTo("dtls-with-tls-fallback"));
    }

    [Test]
    public async Task Policy_WithUnknownToken_Is401WithAReason()
    {
        using var response = await GetPolicyAsync("not-a-token");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ErrorOf(response), Is.EqualTo("unknown device token"));
    }

    [Test]
    public async Task Policy_WithoutToken_Is401()
    {
        using var response = await Api.GetAsync("https://api.edge.lab/api/v1/policy");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ErrorOf(response), Does.Contain("missing device token"));
    }

    [Test]
    public async Task ReEnroll_SameDeviceFromAnotherHostname_RevokesTheFirstToken()
    {
        var first = await EnrollAsync("dev-cloned", "LAPTOP-A");
        var second = await EnrollAsync("dev-cloned", "LAPTOP-B");

        using var revoked = await GetPolicyAsync(first);
        using var current = await GetPolicyAsync(second);

        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ErrorOf(revoked), Does.Contain("revoked").And.Contain("LAPTOP-B"));
        Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Lab.Edge.EnrolledDevices.Single(d => d.DeviceId == "dev-cloned").Hostname, Is.EqualTo("LAPTOP-B"));
    }

    [Test]
    public async Task ReEnroll_SameDeviceFromTheSameHostname_KeepsTheToken()
    {
        var first = await EnrollAsync("dev-repair", "LAPTOP-R");
        var again = await EnrollAsync("dev-repair", "LAPTOP-R");

        using var response = await GetPolicyAsync(first);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Enroll_Posture_IsListedWithTheDevice()
    {
        using var response = await Api.PostAsJsonAsync("https://api.edge.lab/api/v1/enroll",
            new JsonObject { ["deviceId"] = "dev-posture", ["hostname"] = "LAPTOP-P", ["user"] = "bob", ["posture"] = new JsonObject { ["diskEncrypted"] = true } });
        response.EnsureSuccessStatusCode();

        var device = Lab.Edge.EnrolledDevices.Single(d => d.DeviceId == "dev-posture");

        Assert.That(device.User, Is.EqualTo("bob"));
        Assert.That(device.Posture["diskEncrypted"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Enroll_WithoutDeviceId_Is400NamingTheField()
    {
        using var response = await Api.PostAsJsonAsync("https://api.edge.lab/api/v1/enroll", new JsonObject { ["hostname"] = "LAPTOP-X", ["user"] = "x" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorOf(response), Does.Contain("deviceId"));
    }

    private async Task<string> EnrollAsync(string deviceId, string hostname)
    {
        using var response = await Api.PostAsJsonAsync("https://api.edge.lab/api/v1/enroll",
            new JsonObject { ["deviceId"] = deviceId, ["hostname"] = hostname, ["user"] = "alice", ["posture"] = new JsonObject() });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["deviceToken"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> GetPolicyAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.edge.lab/api/v1/policy");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Api.SendAsync(request);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
}
