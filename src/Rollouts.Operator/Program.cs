using Rollouts.Operator.Hosting;

return await OperatorCommand.RunAsync(args).ConfigureAwait(false);
