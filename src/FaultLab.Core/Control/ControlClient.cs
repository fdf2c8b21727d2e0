using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Runtime;

namespace FaultLab.Control;

/// <summary>Talks to one instance's control API on behalf of the CLI.</summary>
public sealed class ControlClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;

    public ControlClient(InstanceRecord record, string token)
    {
        Record = record;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(record.Control.TrimEnd('/') + "/v1/"), Timeout = RequestTimeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public InstanceRecord Record { get; }

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonNode> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        // Buffered, so the request carries a Content-Length the routes can rely on.
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, body.GetType(), ControlApi.Json), System.Text.Encoding.UTF8, "application/json"),
        }, cancellationToken);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        (await GetAsync(path, cancellationToken)).Deserialize<T>(ControlApi.Json)!;

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ControlException($"instance '{Record.Name}' does not answer at {Record.Control} ({e.Message}); is it still up?", exitCode: 1);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
            if (response.IsSuccessStatusCode) return body;
            var reason = body["error"]?.GetValue<string>() ?? response.ReasonPhrase ?? "refused";
            throw new ControlException(reason, exitCode: (int)response.StatusCode is 400 or 404 ? 2 : 1);
        }
    }

    public void Dispose() => _http.Dispose();
}
