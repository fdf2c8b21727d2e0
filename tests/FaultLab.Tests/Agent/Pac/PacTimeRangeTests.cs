using System.Net;
using FaultLab.Agent.Pac;
using FaultLab.Tests.Agent.Network;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Agent.Pac;

public class PacTimeRangeTests
{
    // Saturday 30 May 2026, 10:30:15 UTC; the laptop's zone is UTC+05:30, so locally it is 16:00:15.
    private static readonly DateTimeOffset Instant = new(2026, 5, 30, 10, 30, 15, TimeSpan.Zero);
    private static readonly TimeZoneInfo LaptopZone = TimeZoneInfo.CreateCustomTimeZone("lab+0530", TimeSpan.FromMinutes(330), "lab+0530", "lab+0530");

    [TestCase("weekdayRange('SAT')", "true")]
    [TestCase("weekdayRange('MON', 'FRI')", "false")]
    [TestCase("weekdayRange('FRI', 'MON')", "true")]
    [TestCase("weekdayRange('SAT', 'GMT')", "true")]
    [TestCase("weekdayRange('sat')", "false")]
    [TestCase("timeRange(16)", "true")]
    [TestCase("timeRange(10, 'GMT')", "true")]
    [TestCase("timeRange(9, 17)", "true")]
    [TestCase("timeRange(17, 9)", "false")]
    [TestCase("timeRange(12, 16)", "true")]
    [TestCase("timeRange(16, 0, 16, 0)", "true")]
    [TestCase("timeRange(16, 0, 15, 16, 0, 16)", "true")]
    [TestCase("timeRange(16, 0, 16, 16, 0, 20)", "false")]
    [TestCase("timeRange(22, 0, 17, 0)", "true")]
    [TestCase("dateRange(30)", "true")]
    [TestCase("dateRange('MAY')", "true")]
    [TestCase("dateRange(2026)", "true")]
    [TestCase("dateRange('JAN', 'MAR')", "false")]
    [TestCase("dateRange('NOV', 'JUN')", "true")]
    [TestCase("dateRange(1, 'MAY', 31, 'MAY')", "true")]
    [TestCase("dateRange('MAY', 2026, 'JUN', 2026)", "true")]
    [TestCase("dateRange(1, 'JUN', 2026, 1, 'JUL', 2026)", "false")]
    [TestCase("dateRange(2027, 2030)", "false")]
    [TestCase("new Date().getFullYear() + '-' + new Date().getHours()", "2026-16")]
    public async Task RangeFunction_ReadsTheDeviceClockInTheLaptopsZone(string expression, string expected)
    {
        var laptop = new PacEnvironment(new ScriptedResolver().Resolver, IPAddress.Loopback)
        {
            Clock = new ManualClock(Instant),
            TimeZone = LaptopZone,
        };
        var pac = $"function FindProxyForURL(url, host) {{ alert(String({expression})); return 'DIRECT'; }}";

        var result = await new PacEvaluator().EvaluateAsync(pac, "http://a.lab/", "a.lab", laptop, CancellationToken.None);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(result.Alerts, Is.EqualTo(new[] { expected }));
    }
}
