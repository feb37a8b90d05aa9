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

        // The replica's name in the Lease is also in its User-Agent, so a server's audit log tells replicas apart.
        var options = commandLine.Options with { Identity = commandLine.Options.Identity ?? $"{Environment.MachineName}_{Guid.NewGuid():N}" };
        using var loggers = CreateLoggers(commandLine.LogLevel, commandLine.JsonLogs);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var client = new KubernetesApiClient(connection, new KubernetesClientOptions
        {
            UserAgent = UserAgentOf(options.Identity),
            Qps = commandLine.Qps,
            Burst = commandLine.Burst,
        });
        await new OperatorHost(client, options, loggers, connection.Namespace).RunAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The User-Agent of a replica: the component as the product (the field manager the server derives from it),
    /// then the replica's identity in the Lease in parentheses.
    /// </summary>
    public static string UserAgentOf(string identity) => $"{OperatorOptions.Component}/v1alpha1 ({identity})";

    /// <summary>
    /// Logging to stderr, one line per entry: Information and above, or everything from Debug with
    /// <paramref name="verbose"/>. Stdout stays free for what scripts read (the sandbox's KUBECONFIG line).
    /// </summary>
    public static ILoggerFactory CreateLoggers(bool verbose) => CreateLoggers(verbose ? LogLevel.Debug : LogLevel.Information, json: false);

    /// <summary>Logging to stderr from <paramref name="level"/> up: one line of text per entry, or one JSON object with <paramref name="json"/>.</summary>
    public static ILoggerFactory CreateLoggers(LogLevel level, bool json) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(level);
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (json)
        {
            builder.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    });
}
