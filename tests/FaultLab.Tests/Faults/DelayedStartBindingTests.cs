using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Tests.Faults.Kinds;

namespace FaultLab.Tests.Faults;

public sealed class DelayedStartBindingTests
{
    [TestCase("kind: udp-drop\nlink: edge\nports: [443]\n", typeof(UdpDropFault))]
    [TestCase("kind: tls-resign\nlink: edge\n", typeof(TlsResignFault))]
    [TestCase("kind: idp-outage\n", typeof(IdpOutageFault))]
    [TestCase("kind: clock-skew\noffsetSeconds: 412\n", typeof(ClockSkewFault))]
    public void StartAfterSeconds_IsAcceptedOnEveryKindOfFault(string entry, Type kind)
    {
        var fault = FaultYaml.Bind(entry + "startAfterSeconds: 2.5\n");

        Assert.That(fault, Is.InstanceOf(kind));
        Assert.That(fault.StartAfterSeconds, Is.EqualTo(2.5));
    }

    [Test]
    public void WithoutStartAfterSeconds_TheFaultIsOnFromTheStart()
    {
        var fault = FaultYaml.Bind("kind: udp-drop\nlink: edge\nports: [443]\n");

        Assert.That(fault.StartAfterSeconds, Is.Zero);
        Assert.That(new FaultSwitch(fault).Active, Is.True);
    }

    [Test]
    public void StartAfterSeconds_IsListedAsAParameterOfEveryKind()
    {
        foreach (var kind in FaultCatalog.Standard.Kinds)
            Assert.That(FaultCatalog.ParametersOf(FaultCatalog.Standard.Create(kind)).Select(p => p.Key), Does.Contain("startAfterSeconds"), kind);
    }

    [TestCase("-1", "3:20: fault 'udp-drop': 'startAfterSeconds' must be between 0 and 86400 seconds, got -1")]
    [TestCase("90000", "3:20: fault 'udp-drop': 'startAfterSeconds' must be between 0 and 86400 seconds, got 90000")]
    [TestCase("NaN", "3:20: fault 'udp-drop': 'startAfterSeconds' must be between 0 and 86400 seconds, got NaN")]
    [TestCase("soon", "3:20: 'startAfterSeconds' of fault 'udp-drop' must be a number, got 'soon'")]
    public void BadStartAfterSeconds_IsRefusedAtItsOwnLineAndColumn(string value, string message)
    {
        var error = FaultYaml.ErrorOf($"kind: udp-drop\nlink: edge\nstartAfterSeconds: {value}\nports: [443]\n");

        Assert.That(error, Is.EqualTo($"{FaultYaml.File}:{message}"));
    }
}
