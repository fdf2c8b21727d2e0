namespace FaultLab.Faults;

/// <summary>
/// A fault whose configuration is a list people edit while the lab runs: an egress firewall's
/// allow rules, an inspecting proxy's bypass list. `faultlab net N LIST add|remove|list` reaches it;
/// a trainee may edit it only when the fault belongs to the customer.
/// </summary>
public interface IEditableList
{
    /// <summary>The lever's name on the command line: "firewall" or "bypass".</summary>
    string ListName { get; }

    IReadOnlyList<string> Items { get; }

    /// <summary>Adds an entry; false when it was there already; a malformed entry throws ArgumentException with the reason.</summary>
    bool AddItem(string item);

    /// <summary>Removes an entry; false when it was not there.</summary>
    bool RemoveItem(string item);
}
