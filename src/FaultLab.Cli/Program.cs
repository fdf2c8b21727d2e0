return await FaultLab.Cli.CliApp.RunMainAsync(args, CancellationToken.None);
