using FaultLab.Control;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Cli;

public sealed class GradeCommandTests
{
    [Test]
    public async Task Grade_ChargesHints_AndRefusesATamperedResultFile()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var name = lab.Host.Record.Name;
        Assert.That((await lab.CliAsync("hint", name)).Out, Does.StartWith("hint 1/3: "));

        var graded = await lab.CliAsync("grade", name);
        Assert.That(graded.ExitCode, Is.EqualTo(1), "a lab still broken is not passed: " + graded.Error);
        Assert.That(graded.Out, Does.Contain("0/1 passed"));

        var file = Path.Combine(lab.Instance.WorkDirectory, "result.json");
        Assert.That((await lab.CliAsync("grade", name, "--export", file)).ExitCode, Is.EqualTo(0));
        var fromFile = await lab.CliAsync("grade", file);
        Assert.That(fromFile.Out, Does.Contain("tunnel-udp-blocked"), fromFile.Error);

        File.WriteAllText(file, File.ReadAllText(file).Replace("\"passed\":false", "\"passed\":true").Replace("\"points\":0", "\"points\":1"));
        var forged = await lab.CliAsync("grade", file);
        Assert.That(forged.ExitCode, Is.EqualTo(2));
        Assert.That(forged.Error, Does.StartWith("faultlab: "));
    }

    [Test]
    public async Task TraineeToken_CannotReadTheSolution()
    {
        await using var lab = await RunningLab.StartAsync("captive-portal");
        using var trainee = lab.Trainee();
        var refused = Assert.ThrowsAsync<ControlException>(() => trainee.GetAsync("solution", CancellationToken.None))!;
        Assert.That(refused.Message, Is.EqualTo("reading the solution needs the instructor token"));
        using var instructor = lab.Instructor();
        Assert.That((await instructor.GetAsync("solution", CancellationToken.None))["steps"]!.AsArray(), Is.Not.Empty);
    }
}
