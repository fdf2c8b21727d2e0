using FaultLab.Runtime;

namespace FaultLab.Cli;

/// <summary>Prints an instance's nodes and endpoints so a user can point real tools at them.</summary>
public static class StatusPrinter
{
    public static void Write(TextWriter o, InstanceStatus status)
    {
        o.WriteLine($"instance {status.Name}: lab {status.Lab}, {status.Runtime} runtime, pid {status.Pid}, laptop on {status.Network}");
        o.WriteLine($"control API {status.Control}");
        o.WriteLine();
        var table = new TextTable("NODE", "ROLE", "ENDPOINT", "PROTOCOL", "ADDRESS", "SERVES");
        foreach (var node in status.Nodes)
            foreach (var e in node.Endpoints)
                table.Add(node.Name, node.Role, e.Name, e.Protocol, $"{e.Host}:{e.Port}", e.Service);
        table.Write(o);
        if (status.Faults is { Count: > 0 } faults)
        {
            o.WriteLine();
            var f = new TextTable("FAULT", "OWNER", "STATE", "WHAT");
            foreach (var fault in faults) f.Add(fault.Kind, fault.Owner, fault.Active ? "on" : "off", fault.Description);
            f.Write(o);
        }
        if (status.Captures.Count > 0)
        {
            o.WriteLine();
            foreach (var (link, file) in status.Captures) o.WriteLine($"capture of link {link}: {file}   (tshark -r {file})");
        }
        if (status.Pki.TryGetValue("root", out var root))
        {
            o.WriteLine();
            o.WriteLine($"lab root CA: {root}   (e.g. openssl s_client -connect HOST:PORT -servername NAME -CAfile {root})");
        }
    }
}
