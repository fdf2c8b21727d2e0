using System.Text.Json.Nodes;
using FaultLab.Control;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Cli;

public sealed class SettingsAndFaultCommandTests
{
    [Test]
    public async Task PortalSet_ChangesPolicy_AndGetShowsIt()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        Assert.That((await lab.CliAsync("portal", "get", lab.Host.Record.Name, "forwarding.transport")).Out.Trim(),
            Is.EqualTo("forwarding.transport = dtls-only"));

        var set = await lab.CliAsync("portal", "set", lab.Host.Record.Name, "forwarding.transport", "dtls-with-tls-fallback");
        Assert.That(set.ExitCode, Is.EqualTo(0), set.Error);
        Assert.That(lab.Instance.Policy.Get("forwarding.transport")!.GetValue<string>(), Is.EqualTo("dtls-with-tls-fallback"));

        var json = await lab.CliAsync("portal", "get", lab.Host.Record.Name, "forwarding.tunnelVersion", "--json");
        Assert.That(JsonNode.Parse(json.Out)!["value"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task PortalSet_BadKeyOrType_ExitsTwoWithReason()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var typo = await lab.CliAsync("portal", "set", lab.Host.Record.Name, "forwarding.transprot", "tls");
        Assert.That(typo.ExitCode, Is.EqualTo(2));
        Assert.That(typo.Error, Does.Contain("unknown key 'forwarding.transprot' (did you mean 'forwarding.transport'?)"));

        var type = await lab.CliAsync("portal", "set", lab.Host.Record.Name, "forwarding.tunnelMtu", "big");
        Assert.That(type.ExitCode, Is.EqualTo(2));
        Assert.That(type.Error, Does.Contain("'forwarding.tunnelMtu' takes a number, got 'big'"));
    }

    [Test]
    public async Task FaultOffThenOn_ThroughTheCli_FlipsTheSwitch()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var off = await lab.CliAsync("fault", "off", lab.Host.Record.Name, "udp-drop");
        Assert.That(off.ExitCode, Is.EqualTo(0), off.Error);
        Assert.That(lab.Instance.Faults.Single().Active, Is.False);

        var list = await lab.CliAsync("fault", "list", lab.Host.Record.Name);
        Assert.That(list.Out, Does.Contain("udp-drop").And.Contain("off").And.Contain("switched off 1"));

        var unknown = await lab.CliAsync("fault", "on", lab.Host.Record.Name, "udp-dorp");
        Assert.That(unknown.ExitCode, Is.EqualTo(2));
        Assert.That(unknown.Error, Does.Contain("this lab has no fault 'udp-dorp' (did you mean 'udp-drop'?)"));
    }

    [Test]
    public async Task TraineeToken_CannotSwitchOrListFaults_NorMoveTheLaptop()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        using var trainee = lab.Trainee();

        var off = Assert.ThrowsAsync<ControlException>(() => trainee.PostAsync("faults/udp-drop/off", null, CancellationToken.None))!;
        Assert.That(off.Message, Is.EqualTo("switching faults needs the instructor token"));
        Assert.That(lab.Instance.Faults.Single().Active, Is.True);
        Assert.ThrowsAsync<ControlException>(() => trainee.GetAsync("faults", CancellationToken.None));

        var move = Assert.ThrowsAsync<ControlException>(() => trainee.PostAsync("device", new SettingChange("network", "office"), CancellationToken.None))!;
        Assert.That(move.Message, Does.Contain("needs the instructor token"));

        var allowed = await trainee.PostAsync("device", new SettingChange("diskEncryption", "true"), CancellationToken.None);
        Assert.That(allowed["value"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task ContractOrder_InstanceBeforeAction_Works()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var name = lab.Host.Record.Name;
        var get = await lab.CliAsync("portal", name, "get", "forwarding.transport");
        Assert.That(get.Out.Trim(), Is.EqualTo("forwarding.transport = dtls-only"), get.Error);

        var list = await lab.CliAsync("fault", name, "list");
        Assert.That(list.Out, Does.Contain("udp-drop"), list.Error);

        var join = await lab.CliAsync("net", name, "join", "office");
        Assert.That(join.ExitCode, Is.EqualTo(0), join.Error);
        Assert.That(lab.Instance.Device.Get("network")!.GetValue<string>(), Is.EqualTo("office"));

        var bad = await lab.CliAsync("net", name, "join", "offce");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Error, Does.Contain("no network 'offce' (did you mean 'office'?)"));
    }
}
