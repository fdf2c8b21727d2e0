using System.Text.Json.Nodes;
using FaultLab.Faults;
using FaultLab.Runtime.Embedded;
using FaultLab.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>
/// The laptop's network levers: customer-side lists (firewall allow rules, inspection bypass),
/// joining another network, and signing in at a captive portal.
/// </summary>
public sealed class NetRoutes : IControlRoutes
{
    public void Map(RouteGroupBuilder v1, InstanceHost host)
    {
        v1.MapGet("/net", (HttpContext http) => Results.Json(Describe(host.Instance, ControlApi.RoleOf(http)), ControlApi.Json));

        v1.MapPost("/net/{list}/{change}", async (HttpContext http, string list, string change, NetChange body) =>
        {
            var role = ControlApi.RoleOf(http);
            var lists = host.Instance.Faults.Where(f => f.Fault is IEditableList l && l.ListName == list).ToArray();
            if (lists.Length == 0 || change is not ("add" or "remove"))
            {
                var known = host.Instance.Faults.Select(f => f.Fault).OfType<IEditableList>().Select(l => l.ListName).Distinct().ToArray();
                await ControlApi.Problem(http, StatusCodes.Status404NotFound, change is "add" or "remove"
                    ? $"this lab's network has no '{list}' list; it has: {(known.Length == 0 ? "none" : string.Join(", ", known))}"
                    : $"a list is changed with 'add' or 'remove', not '{change}'");
                return;
            }
            // World-owned lists (the hotel's, the ISP's) are not the trainee's to change.
            var editable = lists.Where(f => role == ControlRole.Instructor || f.Fault.Owner == FaultOwner.Customer).ToArray();
            if (editable.Length == 0)
            {
                await ControlApi.Problem(http, StatusCodes.Status403Forbidden, $"the '{list}' list belongs to the network's operator, not to you");
                return;
            }
            try
            {
                var changed = editable.Select(f => (IEditableList)f.Fault)
                    .Select(l => change == "add" ? l.AddItem(body.Value) : l.RemoveItem(body.Value)).ToArray();
                foreach (var f in editable) f.Record($"{list} {change}", body.Value);
                await http.Response.WriteAsJsonAsync(new { list, change, value = body.Value, changed = changed.Any(c => c), items = ((IEditableList)editable[0].Fault).Items }, ControlApi.Json);
            }
            catch (ArgumentException e)
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest, e.Message);
            }
        });

        v1.MapPost("/net/join", async (HttpContext http, NetChange body) =>
        {
            if (NetworkProfile.Find(body.Value) is not { } network)
            {
                await ControlApi.Problem(http, StatusCodes.Status400BadRequest,
                    $"no network '{body.Value}'{Labs.NameSuggester.Hint(body.Value, NetworkProfile.All.Select(n => n.Name))}; networks: {string.Join(", ", NetworkProfile.All.Select(n => n.Name))}");
                return;
            }
            host.Instance.Device.Set("network", JsonValue.Create(network.Name));
            await http.Response.WriteAsJsonAsync(new { network = network.Name, network.Description }, ControlApi.Json);
        });

        v1.MapPost("/net/portal-login", async (HttpContext http) =>
        {
            var laptop = host.Instance.Network.LaptopAddress;
            host.Instance.World.Portal.SignIn(laptop);
            await http.Response.WriteAsJsonAsync(new { signedIn = true, client = laptop.ToString() }, ControlApi.Json);
        });
    }

    private static object Describe(LabInstance instance, ControlRole role) => new
    {
        network = instance.Network.Network.Name,
        laptopAddress = instance.Network.LaptopAddress.ToString(),
        signedInAtPortal = instance.World.Portal.IsSignedIn(instance.Network.LaptopAddress),
        lists = instance.Faults
            .Where(f => f.Fault is IEditableList && (role == ControlRole.Instructor || f.Fault.Owner == FaultOwner.Customer))
            .Select(f => new { name = ((IEditableList)f.Fault).ListName, link = f.Fault.AttachedTo, owner = f.Fault.Owner.ToString().ToLowerInvariant(), items = ((IEditableList)f.Fault).Items }),
    };
}
