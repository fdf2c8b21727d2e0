using FaultLab.Faults;
using FaultLab.Middleboxes.Udp;
using FaultLab.World;

namespace FaultLab.Bench;

/// <summary>UDP echo round trips of 1200-byte datagrams on loopback: straight to the echo, then through a <see cref="UdpRelay"/> with no fault active.</summary>
internal sealed class UdpRelayThroughput : IMeasurement
{
    private const int DatagramBytes = 1200;
    private const int SocketBufferBytes = 4 << 20;

    public string Name => "udp";

    public string Description => "1200-byte UDP echo: direct vs through UdpRelay";

    public Task<IReadOnlyList<MeasurementResult>> RunAsync(BenchSettings settings, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<MeasurementResult>>(async () =>
        {
            using var echo = new UdpEchoTarget(SocketBufferBytes);
            var load = $"{settings.Clients} clients x {settings.Window} in flight";

            var direct = await new UdpEchoLoad(echo.EndPoint, DatagramBytes, settings).RunAsync(() => 0);

            var service = new ServiceAddress("gateway.edge.lab", 443, Transport.Udp);
            await using var relay = UdpRelay.Start(service, echo.EndPoint, LinkFaults.None("edge"), new UdpRelayOptions { SocketBufferBytes = SocketBufferBytes });
            var relayed = await new UdpEchoLoad(relay.ListenEndPoint, DatagramBytes, settings).RunAsync(() => relay.Relayed);

            return
            [
                new("udp", "direct: echo round trips", direct.EchoesPerSecond, "round trips/s", $"{load}; {direct.Refills} window refills after loss"),
                new("udp", "relay: echo round trips", relayed.EchoesPerSecond, "round trips/s", $"{load}; {relayed.Refills} window refills after loss"),
                new("udp", "relay: datagrams relayed", relayed.CounterPerSecond, "datagrams/s", "UdpRelay.Relayed: request and reply each cross the relay once"),
                new("udp", "direct: CPU per round trip", direct.CpuMicrosecondsPerEcho, "µs", "process CPU (clients + echo) / round trips"),
                new("udp", "relay: CPU per round trip", relayed.CpuMicrosecondsPerEcho, "µs", "process CPU (clients + echo + relay) / round trips"),
                new("udp", "relay: CPU per relayed datagram", (relayed.CpuMicrosecondsPerEcho - direct.CpuMicrosecondsPerEcho) / 2, "µs", "the difference, halved: what one datagram costs the relay"),
            ];
        }, cancellationToken);
}
