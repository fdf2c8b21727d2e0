using System.CommandLine;
using System.Diagnostics;
using FaultLab.Control;
using FaultLab.Runtime;

namespace FaultLab.Cli.Commands;

/// <summary>faultlab down N | --all: stop instances and wait until their process is gone and every port is free.</summary>
public sealed class DownCommand : ICliCommand
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    public Command Build(CliApp app)
    {
        var name = new Argument<string?>("N") { Description = "Instance name", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Stop every running instance" };
        var json = CommonOptions.Json();
        var command = new Command("down", "Stop an instance (or all of them): nodes stop, ports are freed, the host process exits.") { name, all, json };
        command.SetAction((parse, ct) => app.Run(parse, async env =>
        {
            var target = parse.GetValue(name);
            if (target is null == !parse.GetValue(all))
                throw new UsageException("give an instance name or --all (not both)");
            var records = target is null ? env.State.List() : [env.FindInstance(target)];
            var results = new List<object>();
            var failed = false;
            foreach (var record in records)
            {
                var (ok, message) = await StopAsync(env, record, ct);
                failed |= !ok;
                results.Add(new { name = record.Name, stopped = ok, message });
                if (!parse.GetValue(json)) (ok ? env.Console.Out : env.Console.Error).WriteLine(ok ? message : $"faultlab: {message}");
            }
            if (parse.GetValue(json)) JsonOutput.Write(env.Console.Out, results);
            return failed ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<(bool Ok, string Message)> StopAsync(CliEnvironment env, InstanceRecord record, CancellationToken ct)
    {
        var process = TryGetProcess(record.Pid);
        if (process is null)
        {
            env.State.Remove(record.Name);
            return (true, $"{record.Name}: its process {record.Pid} was already gone; removed its record");
        }
        using (process)
        {
            using var client = env.Connect(record.Name);
            await client.PostAsync("down", null, ct);
            if (process.Id == Environment.ProcessId)
                return (true, $"{record.Name} stopping");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ExitTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (false, $"{record.Name}: process {record.Pid} did not exit within {ExitTimeout.TotalSeconds:0} s");
            }
            return (true, $"{record.Name} is down");
        }
    }

    private static Process? TryGetProcess(int pid)
    {
        try
        {
            var p = Process.GetProcessById(pid);
            if (!p.HasExited) return p;
            p.Dispose();
            return null;
        }
        catch (ArgumentException)
        {
            return null;    // no such process
        }
    }
}
