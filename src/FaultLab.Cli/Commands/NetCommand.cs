using System.CommandLine;
using System.Text.Json.Nodes;
using FaultLab.Control;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab net N ...: the laptop's network levers (customer firewall, inspection bypass, join a network, portal sign-in).</summary>
public sealed class NetCommand : ICliCommand
{
    public Command Build(CliApp app)
    {
        var command = new Command("net", """
            The laptop's network: 'net N show'; customer-side lists 'net N firewall list|allow RULE|remove RULE'
            (rules like gateway.edge.lab:443, *.edge.lab:*, *:9400/udp) and 'net N bypass list|add HOST|remove HOST'
            (hosts like idp.lab or *.edge.lab); 'net N join NETWORK' (home, office, hotel-wifi, coffee-shop);
            'net N portal-login' (accept a captive portal's terms, as the user would in a browser)
            """);

        var showName = CommonOptions.Instance();
        var showJson = CommonOptions.Json();
        var show = new Command("show", "The network the laptop is on, its portal sign-in, and the lists you may edit") { showName, showJson };
        show.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(showName)!);
            var net = await client.GetAsync("net", ct);
            if (parse.GetValue(showJson)) env.Console.Out.WriteLine(net.ToJsonString(JsonOutput.Options));
            else
            {
                env.Console.Out.WriteLine($"network {net["network"]}, laptop {net["laptopAddress"]}, signed in at the portal: {net["signedInAtPortal"]}");
                foreach (var list in net["lists"]!.AsArray())
                    env.Console.Out.WriteLine($"{list!["name"]} on link {list["link"]} ({list["owner"]}): {string.Join(", ", list["items"]!.AsArray().Select(i => i!.GetValue<string>()))}");
            }
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(show);

        command.Subcommands.Add(ListCommand(app, "firewall", "allow", "The customer egress firewall's allow rules (host:port, *.domain:*, *:port/udp)"));
        command.Subcommands.Add(ListCommand(app, "bypass", "add", "The inspecting middlebox's bypass list (host or *.suffix)"));

        var joinName = CommonOptions.Instance();
        var network = new Argument<string>("NETWORK") { Description = "home, office, hotel-wifi or coffee-shop" };
        var join = new Command("join", "Move the laptop to another network") { joinName, network };
        join.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(joinName)!);
            var result = await client.PostAsync("net/join", new NetChange(parse.GetValue(network)!), ct);
            env.Console.Out.WriteLine($"the laptop is now on {result["network"]} ({result["description"]})");
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(join);

        var loginName = CommonOptions.Instance();
        var login = new Command("portal-login", "Accept the captive portal's terms for this laptop") { loginName };
        login.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(loginName)!);
            var result = await client.PostAsync("net/portal-login", null, ct);
            env.Console.Out.WriteLine($"signed in at the portal as {result["client"]}");
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(login);
        return command;
    }

    private static Command ListCommand(CliApp app, string list, string addVerb, string summary)
    {
        var name = CommonOptions.Instance();
        var action = new Argument<string>("ACTION") { Description = $"list, {addVerb} or remove" };
        action.AcceptOnlyFromAmong("list", addVerb, "remove");
        var value = new Argument<string?>("VALUE") { Arity = ArgumentArity.ZeroOrOne, Description = "The entry to add or remove" };
        var json = CommonOptions.Json();
        var command = new Command(list, summary) { name, action, value, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            using var client = env.Connect(parse.GetValue(name)!);
            var verb = parse.GetValue(action)!;
            JsonNode result;
            if (verb == "list")
            {
                var net = await client.GetAsync("net", ct);
                result = new JsonArray(net["lists"]!.AsArray().Where(l => l!["name"]!.GetValue<string>() == list).Select(l => l!.DeepClone()).ToArray());
            }
            else
            {
                var entry = parse.GetValue(value) ?? throw new UsageException($"'net N {list} {verb}' needs the entry to {verb}");
                result = await client.PostAsync($"net/{list}/{(verb == "remove" ? "remove" : "add")}", new NetChange(entry), ct);
            }
            if (parse.GetValue(json)) env.Console.Out.WriteLine(result.ToJsonString(JsonOutput.Options));
            else if (result is JsonArray lists)
                foreach (var l in lists) env.Console.Out.WriteLine($"{list} on link {l!["link"]} ({l["owner"]}): {string.Join(", ", l["items"]!.AsArray().Select(i => i!.GetValue<string>()))}");
            else
                env.Console.Out.WriteLine($"{list}: {string.Join(", ", result["items"]!.AsArray().Select(i => i!.GetValue<string>()))}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
