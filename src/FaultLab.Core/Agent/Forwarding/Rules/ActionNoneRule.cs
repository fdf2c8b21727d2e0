namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>Forwarding action none: traffic goes direct and is not protected. Scenario 6 (the on-trusted "none" bleeding off-net).</summary>
internal sealed class ActionNoneRule : IForwardingRule
{
    public string Name => "action-none";

    public string Serves => "scenario 6 (forwarding action is none)";

    public ForwardingDecision? Decide(ForwardingSituation s) => s.Action != ForwardingAction.None
        ? null
        : ForwardingDecision.Direct(Name, $"forwarding action for {s.Network} is none: {s.Request.Host} goes direct, unprotected");
}
