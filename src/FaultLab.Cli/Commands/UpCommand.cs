using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FaultLab.Runtime;
using FaultLab.Runtime.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab up LAB: bring a lab up, in the foreground (Ctrl+C tears it down) or detached in a background host process.</summary>
public sealed class UpCommand : ICliCommand
{
    private static readonly TimeSpan DetachedStartTimeout = TimeSpan.FromSeconds(90);

    public Command Build(CliApp app)
    {
        var lab = new Argument<string>("LAB") { Description = "Lab id (see 'faultlab labs')" };
        var name = new Option<string?>("--name") { Description = "Instance name (default: the lab id, then -2, -3...)", HelpName = "N" };
        var runtime = new Option<string>("--runtime") { Description = "Where the world runs", DefaultValueFactory = _ => "embedded" };
        runtime.AcceptOnlyFromAmong("embedded", "docker");
        var detach = new Option<bool>("--detach") { Description = "Leave the lab running in a background process and return" };
        var json = CommonOptions.Json();
        var command = new Command("up", """
            Start a lab: every node on 127.0.0.1 with ports allocated now, its faults on.
            Without --detach it runs until Ctrl+C; with --detach it returns once the lab answers.
            Then: 'faultlab status N' shows endpoints to point curl, dig and openssl at; 'faultlab down N' stops it.
            """) { lab, name, runtime, detach, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var definition = env.FindLab(parse.GetValue(lab)!);
            if (parse.GetValue(runtime) == "docker")
                throw new UsageException("the docker runtime is not available in this build; use --runtime embedded");
            var instanceName = parse.GetValue(name) ?? env.State.FreeName(definition.Id);
            if (!System.Text.RegularExpressions.Regex.IsMatch(instanceName, "^[a-z0-9][a-z0-9-]{0,62}$"))
                throw new UsageException($"--name '{instanceName}' must be lower-case letters, digits and '-'");

            if (parse.GetValue(detach))
                return await StartDetachedAsync(env, definition.Id, instanceName, parse.GetValue(CliApp.LabsOption), parse.GetValue(json), ct);

            env.Console.Error.WriteLine($"starting {definition.Id} as '{instanceName}'...");
            var host = await InstanceHost.StartAsync(definition, instanceName, env.State, NullLoggerFactory.Instance, new SyncProgress(env.Console.Error), ct);
            await using (host)
            {
                // Ctrl+C and SIGTERM stop the lab cleanly: every node, port and state file goes.
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; host.RequestStop(); });
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; host.RequestStop(); });
                PrintReady(env, host.Status(), parse.GetValue(json));
                env.Console.Error.WriteLine("running in the foreground; Ctrl+C (or 'faultlab down " + instanceName + "') stops it");
                await Task.WhenAny(host.StopRequested, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
                env.Console.Error.WriteLine($"stopping {instanceName}...");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static void PrintReady(CliEnvironment env, InstanceStatus status, bool json)
    {
        if (json)
        {
            JsonOutput.Write(env.Console.Out, status);
            return;
        }
        StatusPrinter.Write(env.Console.Out, status);
        env.Console.Out.WriteLine();
        env.Console.Out.WriteLine($"trainee token: {env.State.Read(status.Name)?.TraineeToken}   (export FAULTLAB_TOKEN=... to act as the trainee)");
    }

    private static async Task<int> StartDetachedAsync(CliEnvironment env, string labId, string instanceName, string? labsDir, bool json, CancellationToken ct)
    {
        var start = HostCommand.StartInfo(labId, instanceName, labsDir);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the host process");
        child.StandardInput.Close();
        env.Console.Error.WriteLine($"starting {labId} as '{instanceName}' in the background (pid {child.Id})...");
        var errors = child.StandardError.ReadToEndAsync(ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DetachedStartTimeout);
        string? failure = null;
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(HostCommand.ProgressPrefix, StringComparison.Ordinal)) env.Console.Error.WriteLine("  " + line[HostCommand.ProgressPrefix.Length..]);
                else if (line == HostCommand.ReadyLine) break;
                else if (line.StartsWith(HostCommand.FailedPrefix, StringComparison.Ordinal)) failure = line[HostCommand.FailedPrefix.Length..];
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            child.Kill(entireProcessTree: true);
            env.Console.Error.WriteLine($"faultlab: '{instanceName}' did not come up within {DetachedStartTimeout.TotalSeconds:0} s; stopped it");
            return ExitCodes.Failed;
        }

        if (env.State.Read(instanceName) is null)
        {
            await child.WaitForExitAsync(ct);
            var stderr = (await errors).Trim();
            env.Console.Error.WriteLine($"faultlab: {failure ?? (stderr.Length > 0 ? stderr : $"the host process exited with code {child.ExitCode}")}");
            return child.ExitCode == ExitCodes.BadInput ? ExitCodes.BadInput : ExitCodes.Failed;
        }

        using var client = env.Connect(instanceName);
        PrintReady(env, await client.GetAsync<InstanceStatus>("status", ct), json);
        return ExitCodes.Ok;
    }
}
