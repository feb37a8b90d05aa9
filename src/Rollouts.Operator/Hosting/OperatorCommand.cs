using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;

namespace Rollouts.Operator.Hosting;

/// <summary>The operator process: reads the command line, connects, and runs an <see cref="OperatorHost"/> until SIGINT or SIGTERM.</summary>
public static class OperatorCommand
{
    /// <summary>Runs the operator; returns the process exit code (2 for a usage error, 1 when it cannot connect).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (commandLine, error) = OperatorCommandLine.Parse(args);
        if (commandLine is null)
        {
            await Console.Error.WriteLineAsync($"error: {error}\n\n{OperatorCommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

        if (commandLine.Help)
        {
            await Console.Out.WriteLineAsync(OperatorCommandLine.Usage).ConfigureAwait(false);
            return 0;
        }

        KubernetesConnection connection;
        try
        {
            connection = KubernetesConnection.Load(commandLine.Kubeconfig, commandLine.Context);
        }
        catch (KubernetesConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using var loggers = CreateLoggers(commandLine.Verbose);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var client = new KubernetesApiClient(connection, new KubernetesClientOptions { UserAgent = OperatorOptions.Component });
        await new OperatorHost(client, commandLine.Options, loggers, connection.Namespace).RunAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Logging to stderr, one line per entry: Information and above, or everything from Debug with
    /// <paramref name="verbose"/>. Stdout stays free for what scripts read (the sandbox's KUBECONFIG line).
    /// </summary>
    public static ILoggerFactory CreateLoggers(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    });
}
