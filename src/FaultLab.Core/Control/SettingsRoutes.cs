using System.Text.Json.Nodes;
using FaultLab.Runtime.Embedded;
using FaultLab.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>
/// Read and change a settings document over the control API: the admin portal's policy
/// (/v1/portal) or the laptop's device state (/v1/device).
/// </summary>
public sealed class SettingsRoutes(string route, Func<LabInstance, SettingsDocument> document, IReadOnlyList<string> instructorOnlyKeys) : IControlRoutes
{
    public static SettingsRoutes Portal { get; } = new("portal", i => i.Policy, []);

    /// <summary>The laptop: a trainee changes what a user or helpdesk could; where it is, who it is and its services move through their own levers.</summary>
    public static SettingsRoutes Device { get; } = new("device", i => i.Device, ["network", "deviceId", "agentVersion", "latchedEdge", "services"]);

    public void Map(RouteGroupBuilder v1, InstanceHost host)
    {
        v1.MapGet($"/{route}", async (HttpContext http, string? key) =>
        {
            var doc = document(host.Instance);
            try
            {
                await http.Response.WriteAsJsonAsync(new SettingValue(key ?? "", key is null ? doc.Snapshot() : doc.Get(key)), ControlApi.Json);
            }
            catch (SettingsException e)
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest, $"{route}: {e.Message}");
            }
        });

        v1.MapPost($"/{route}", async (HttpContext http, SettingChange change) =>
        {
            if (instructorOnlyKeys.Any(k => change.Key == k || change.Key.StartsWith(k + ".", StringComparison.Ordinal))
                && await ControlApi.RefuseUnlessInstructor(http, $"changing {route} '{change.Key}'"))
                return;
            var doc = document(host.Instance);
            try
            {
                doc.SetFromText(change.Key, change.Value);
                await http.Response.WriteAsJsonAsync(new SettingValue(change.Key, doc.Get(change.Key)), ControlApi.Json);
            }
            catch (SettingsException e)
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest, $"{route}: {e.Message}");
            }
        });
    }
}
