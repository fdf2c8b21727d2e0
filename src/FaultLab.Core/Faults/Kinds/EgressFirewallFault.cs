using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;
using FaultLab.World;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// The customer's egress firewall on a link: only services matching an allow rule get out. TCP
/// connections to anything else are refused with a reset, UDP datagrams to it are dropped. The rule
/// list changes at runtime (<see cref="Allow"/>, <see cref="Remove"/>) because fixing it is the
/// trainee's job; changes take effect on the next connection or datagram.
/// </summary>
public sealed class EgressFirewallFault : Fault, IConnectionFault, IDatagramFault
{
    private readonly Lock _edit = new();
    private volatile EgressRule[] _rules = [];
    private volatile string[] _problems = [];

    public EgressFirewallFault() => Owner = FaultOwner.Customer;

    public override string Kind => "egress-firewall";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("services allowed out: 'host:port', 'host:*' or '*:port' (host may be '*.domain'; '/tcp' or '/udp' for one transport); all else is blocked")]
    public IReadOnlyList<string> AllowRules
    {
        get => Rules;
        set
        {
            var rules = new List<EgressRule>();
            var problems = new List<string>();
            for (var i = 0; i < value.Count; i++)
            {
                if (EgressRule.TryParse(value[i], out var rule, out var problem)) rules.Add(rule);
                else problems.Add($"'allowRules'[{i}]: {problem}");
            }
            lock (_edit)
            {
                _rules = [.. rules.Distinct()];
                _problems = [.. problems];
            }
        }
    }

    /// <summary>The rules in force, in the order they were added.</summary>
    public IReadOnlyList<string> Rules => _rules.Select(r => r.ToString()).ToArray();

    /// <summary>Adds a rule; false when it was there already. Throws <see cref="ArgumentException"/> naming what is wrong with a malformed rule.</summary>
    public bool Allow(string rule)
    {
        var parsed = EgressRule.Parse(rule);
        lock (_edit)
        {
            if (_rules.Contains(parsed)) return false;
            _rules = [.. _rules, parsed];
            return true;
        }
    }

    /// <summary>Removes a rule (spelled in any accepted way); false when no such rule was in force.</summary>
    public bool Remove(string rule)
    {
        var parsed = EgressRule.Parse(rule);
        lock (_edit)
        {
            if (!_rules.Contains(parsed)) return false;
            _rules = [.. _rules.Where(r => r != parsed)];
            return true;
        }
    }

    /// <summary>Whether some rule lets traffic to <paramref name="service"/> out.</summary>
    public bool Allows(ServiceAddress service)
    {
        foreach (var rule in _rules)
            if (rule.Allows(service)) return true;
        return false;
    }

    public override IEnumerable<string> Validate() => _problems;

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch) =>
        Allows(connection.Service) ? ConnectionVerdict.Accept : ConnectionVerdict.Refuse($"{connection.Service} not allowed by the egress firewall");

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch) =>
        Allows(datagram.Service) ? DatagramVerdict.Pass : DatagramVerdict.Drop($"{datagram.Service} not allowed by the egress firewall");

    public override string Describe() =>
        $"{base.Describe()} (allows {(_rules.Length == 0 ? "nothing" : string.Join(", ", Rules))})";
}
