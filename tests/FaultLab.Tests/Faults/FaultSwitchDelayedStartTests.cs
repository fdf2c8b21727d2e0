using FaultLab.Faults;
using FaultLab.Faults.Kinds;

namespace FaultLab.Tests.Faults;

public sealed class FaultSwitchDelayedStartTests
{
    private static FaultSwitch Delayed(SteppingClock clock, double seconds = 8) =>
        new(new UdpDropFault { AttachedTo = "edge", StartAfterSeconds = seconds }, clock);

    [Test]
    public void WithoutDelay_StartsOn_AndHasNothingPending()
    {
        var clock = new SteppingClock();
        var fault = new FaultSwitch(new UdpDropFault { AttachedTo = "edge" }, clock);

        fault.StartCountdown();

        Assert.Multiple(() =>
        {
            Assert.That(fault.Active, Is.True);
            Assert.That(fault.Pending, Is.False);
            Assert.That(fault.SwitchesOnIn, Is.Null);
            Assert.That(clock.PendingTimers, Is.Zero);
        });
    }

    [Test]
    public void DelayedStart_IsOffUntilTheInstanceClockReachesIt_ThenSwitchesOnOnce()
    {
        var clock = new SteppingClock();
        var fault = Delayed(clock);
        var switched = new List<bool>();
        fault.Switched += s => switched.Add(s.Active);

        fault.StartCountdown();
        clock.Advance(TimeSpan.FromSeconds(7.9));
        Assert.That(fault.Active, Is.False, "not yet: 7.9 of 8 s");
        Assert.That(fault.SwitchesOnIn, Is.EqualTo(TimeSpan.FromSeconds(0.1)).Within(TimeSpan.FromMilliseconds(1)));

        clock.Advance(TimeSpan.FromSeconds(0.1));
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(fault.Active, Is.True);
            Assert.That(fault.Pending, Is.False);
            Assert.That(switched, Is.EqualTo(new[] { true }));
            Assert.That(fault.RecentEvents.Select(e => e.Action), Is.EqualTo(new[] { "countdown started", "switched on" }));
            Assert.That(fault.RecentEvents[^1].Detail, Is.EqualTo("delayed start after 8 s"));
            Assert.That(fault.RecentEvents[^1].At, Is.EqualTo(clock.GetUtcNow() - TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void BeforeTheCountdownStarts_TimeDoesNotCount()
    {
        var clock = new SteppingClock();
        var fault = Delayed(clock);

        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.That(fault.Active, Is.False);
        Assert.That(fault.SwitchesOnIn, Is.EqualTo(TimeSpan.FromSeconds(8)));
        fault.StartCountdown();
        clock.Advance(TimeSpan.FromSeconds(8));
        Assert.That(fault.Active, Is.True);
    }

    [Test]
    public void Describe_ShowsPendingWithTheTimeLeft_UntilItFires()
    {
        var clock = new SteppingClock();
        var fault = Delayed(clock);
        fault.StartCountdown();

        clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.That(fault.Describe(), Is.EqualTo($"{fault.Fault.Describe()}; pending: switches on in 6 s"));
        clock.Advance(TimeSpan.FromSeconds(5.4));
        Assert.That(fault.Describe(), Does.EndWith("; pending: switches on in 1 s"));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(fault.Describe(), Is.EqualTo(fault.Fault.Describe()));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void SwitchedByHandBeforeItFires_CancelsTheDelayedStart(bool on)
    {
        var clock = new SteppingClock();
        var fault = Delayed(clock);
        fault.StartCountdown();
        clock.Advance(TimeSpan.FromSeconds(3));

        fault.Active = on;
        if (on) fault.Active = false;     // the instructor's later "off" must not be undone by the old countdown
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(fault.Active, Is.False);
            Assert.That(fault.Pending, Is.False);
            Assert.That(clock.PendingTimers, Is.Zero);
            Assert.That(fault.Counts["delayed start cancelled"], Is.EqualTo(1));
        });
    }

    [Test]
    public void CancelDelayedStart_LeavesTheFaultOffForGood()
    {
        var clock = new SteppingClock();
        var fault = Delayed(clock);
        fault.StartCountdown();

        Assert.That(fault.CancelDelayedStart(), Is.True);
        Assert.That(fault.CancelDelayedStart(), Is.False);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.That(fault.Active, Is.False);
        Assert.That(clock.PendingTimers, Is.Zero);
    }
}
