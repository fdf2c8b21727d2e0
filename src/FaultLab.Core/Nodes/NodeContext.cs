using System.Net;
using FaultLab.Pki;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Nodes;

/// <summary>What a node gets from the lab instance that starts it.</summary>
/// <param name="InstanceName">The instance this node belongs to.</param>
/// <param name="Pki">The instance's certificate authorities.</param>
/// <param name="Directory">Where every lab service listens; nodes register their endpoints here.</param>
/// <param name="BindAddress">The address to listen on (loopback in the embedded runtime).</param>
/// <param name="Logs">Logger factory of the instance.</param>
/// <param name="Clock">The world's clock (the laptop may have its own, skewed one).</param>
public sealed record NodeContext(
    string InstanceName,
    LabPki Pki,
    LabDirectory Directory,
    IPAddress BindAddress,
    ILoggerFactory Logs,
    TimeProvider Clock);
