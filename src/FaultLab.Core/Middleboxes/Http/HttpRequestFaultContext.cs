using System.Net;
using FaultLab.Faults;
using Microsoft.AspNetCore.Http;

namespace FaultLab.Middleboxes.Http;

/// <summary>One inspected request, as a request fault sees it.</summary>
/// <param name="Http">The request and its response; a fault may read and replace the body.</param>
/// <param name="Switch">The fault's switch: its seeded random source and its event log.</param>
/// <param name="Client">The client's address.</param>
/// <param name="DestinationHost">The lab host the request is for.</param>
/// <param name="OverTls">True when the middlebox terminated TLS to see this request.</param>
/// <param name="IsSignedIn">The captive portal's sign-in state, when the runtime provided one.</param>
/// <param name="Clock">The world's clock.</param>
public sealed record HttpRequestFaultContext(
    HttpContext Http,
    FaultSwitch Switch,
    IPAddress Client,
    string DestinationHost,
    bool OverTls,
    Func<IPAddress, bool>? IsSignedIn,
    TimeProvider Clock);
