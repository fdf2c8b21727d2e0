namespace FaultLab.Control;

/// <summary>Every route group of the control API.</summary>
public static class ControlRoutes
{
    public static IReadOnlyList<IControlRoutes> All { get; } = [new InstanceRoutes(), new FaultRoutes(), SettingsRoutes.Portal, SettingsRoutes.Device, new NetRoutes(), new AgentRoutes(i => i.Agent), new LabRoutes()];
}
