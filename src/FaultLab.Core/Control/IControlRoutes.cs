using FaultLab.Runtime.Embedded;
using Microsoft.AspNetCore.Routing;

namespace FaultLab.Control;

/// <summary>A group of control API routes about one concern (instance, faults, agent...).</summary>
public interface IControlRoutes
{
    void Map(RouteGroupBuilder v1, InstanceHost host);
}
