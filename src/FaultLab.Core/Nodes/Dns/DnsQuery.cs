using System.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.World;

namespace FaultLab.Nodes.Dns;

/// <summary>A question as an interceptor sees it, before the node answers.</summary>
/// <param name="Name">The queried name, lower case, without the trailing dot (e.g. "www.example.lab").</param>
/// <param name="Type">The queried record type.</param>
/// <param name="View">Which resolver was asked.</param>
/// <param name="Client">Where the query came from.</param>
/// <param name="Transport">UDP or TCP.</param>
public sealed record DnsQuery(string Name, RecordType Type, DnsView View, IPEndPoint Client, Transport Transport);
