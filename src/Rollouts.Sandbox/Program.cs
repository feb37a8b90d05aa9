using Rollouts.Sandbox;

return await SandboxCommand.RunAsync(args).ConfigureAwait(false);
