using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FaultLab.Runtime.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Cli.Commands;

/// <summary>
/// The hidden verb a detached `up` runs in its background process: hosts one instance until
/// `faultlab down` (or a signal) stops it. It talks to its parent over stdout until ready.
/// </summary>
public sealed class HostCommand : ICliCommand
{
    public const string Verb = "__host";
    public const string ProgressPrefix = "progress ";
    public const string FailedPrefix = "failed ";
    public const string ReadyLine = "ready";

    public Command Build(CliApp app)
    {
        var lab = new Argument<string>("LAB");
        var name = new Option<string>("--name") { Required = true };
        var command = new Command(Verb, "Host an instance in this process (used by 'up --detach')") { lab, name };
        command.Hidden = true;
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var parent = env.Console.Out;
            InstanceHost host;
            try
            {
                host = await InstanceHost.StartAsync(env.FindLab(parse.GetValue(lab)!), parse.GetValue(name)!, env.State,
                    NullLoggerFactory.Instance, new SyncProgress(parent, ProgressPrefix), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                parent.WriteLine(FailedPrefix + e.Message);
                throw;
            }
            await using (host)
            {
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; host.RequestStop(); });
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; host.RequestStop(); });
                parent.WriteLine(ReadyLine);
                parent.Flush();
                // The parent stops reading now; nothing may write to its pipes any more.
                Console.SetOut(TextWriter.Null);
                Console.SetError(TextWriter.Null);
                await Task.WhenAny(host.StopRequested, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>How to start this program again as a detached host, in its own session where setsid exists.</summary>
    public static ProcessStartInfo StartInfo(string labId, string instanceName, string? labsDir)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            args.Add(typeof(HostCommand).Assembly.Location);      // run as 'dotnet faultlab.dll'
        args.AddRange([Verb, labId, "--name", instanceName]);
        if (labsDir is not null) args.AddRange(["--labs", Path.GetFullPath(labsDir)]);

        var setsid = OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
        var start = new ProcessStartInfo(setsid ?? self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null) start.ArgumentList.Add(self);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }
}
