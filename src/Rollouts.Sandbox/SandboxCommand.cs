using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Rollouts.Operator.Hosting;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.Demo;
using Rollouts.Sandbox.Prometheus;

namespace Rollouts.Sandbox;

/// <summary>
/// The sandbox's command line. <c>api [--port N] [--kubeconfig-out FILE]</c> runs the in-memory API server
/// on 127.0.0.1, with the workload simulator (ReplicaSets get pods that become ready) and the traffic simulator,
/// and, when <c>prometheus</c> is on PATH, a real Prometheus scraping it; <c>up</c>, with the same options, also
/// installs the project's CRDs and runs the operator in the same process (Prometheus as its default metrics
/// address). Both run until SIGINT or SIGTERM and print <c>KUBECONFIG=&lt;path&gt;</c> once they serve requests,
/// then <c>PROMETHEUS=http://127.0.0.1:&lt;port&gt;</c> when Prometheus runs, and in <c>up</c>
/// <c>METRICS=http://127.0.0.1:&lt;port&gt;/metrics</c> (the operator's metrics).
/// </summary>
internal static class SandboxCommand
{
    private const string Usage = """
        Usage: rollouts-sandbox api|up [--port N] [--kubeconfig-out FILE] [--verbose]
               rollouts-sandbox demo [--fast] [--verbose]

        Commands:
          api    Run the in-memory Kubernetes API server on 127.0.0.1 with simulated workloads and
                 traffic, and Prometheus when it is on PATH, until interrupted
                 (install the CRDs with kubectl apply -f crds/).
          up     The same with the CRDs installed and the operator beside it, until interrupted.
          demo   Run everything (needs prometheus on PATH), roll out a healthy version to promotion and a
                 faulty one that analysis aborts, showing progress live; exit 0 when both end as they should.

        Options:
          --port N               Port to listen on (default: a free port).
          --kubeconfig-out FILE  Where to write the kubeconfig (default: a new temporary file).
          --verbose              Log the server's warnings and errors (and, with up, every reconcile) to stderr.
          --fast                 (demo) Shorter analysis intervals, for tests.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] is not ("api" or "up" or "demo"))
        {
            await Console.Error.WriteLineAsync($"error: unknown command \"{args[0]}\"\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        int port = 0;
        string? kubeconfig = null;
        var verbose = false;
        var fast = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        await Console.Error.WriteLineAsync($"error: --port: \"{args[i]}\" is not a port number (0-65535)").ConfigureAwait(false);
                        return 2;
                    }

                    break;
                case "--kubeconfig-out" when i + 1 < args.Length:
                    kubeconfig = args[++i];
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--fast" when args[0] == "demo":
                    fast = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"error: unknown or incomplete option \"{args[i]}\"\n\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        if (args[0] == "demo" && (port != 0 || kubeconfig is not null))
        {
            await Console.Error.WriteLineAsync($"error: demo takes only --fast and --verbose\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        kubeconfig ??= Path.Combine(Path.GetTempPath(), $"rollouts-sandbox-{Environment.ProcessId}.kubeconfig");
        using var loggers = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
            b.AddSimpleConsole(o => o.SingleLine = true);
            b.AddFilter((_, _) => verbose);
        });
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        if (args[0] == "demo")
        {
            using var operatorLoggers = OperatorCommand.CreateLoggers(verbose ? Microsoft.Extensions.Logging.LogLevel.Debug : Microsoft.Extensions.Logging.LogLevel.Warning, json: false);
            return await new DemoRunner(Console.Out, fast).RunAsync(loggers, operatorLoggers, stop.Token).ConfigureAwait(false);
        }

        var options = new ApiServerOptions { Port = port, SimulateTraffic = true };
        var prometheus = PrometheusProcess.FindBinary() is not null;
        if (!prometheus)
        {
            await Console.Error.WriteLineAsync(
                "note: prometheus is not on PATH, so analysis has no metrics to query; install Debian's prometheus package (apt-get install -y prometheus)").ConfigureAwait(false);
        }

        try
        {
            return args[0] == "up"
                ? await RunUpAsync(options, kubeconfig, prometheus, loggers, verbose, stop.Token).ConfigureAwait(false)
                : await RunApiAsync(options, kubeconfig, prometheus, loggers, stop.Token).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> RunApiAsync(ApiServerOptions options, string kubeconfig, bool prometheus, ILoggerFactory loggers, CancellationToken stop)
    {
        await using var server = new ApiServer.ApiServer(options, loggers);
        await server.StartAsync(stop).ConfigureAwait(false);
        var path = server.WriteKubeconfig(kubeconfig);
        await using var scraper = prometheus ? await SandboxUp.StartPrometheusAsync(server, stop).ConfigureAwait(false) : null;
        await AnnounceAsync(path, scraper, $"API server listening on {server.Url}, traffic metrics on {server.Traffic!.MetricsUrl} (Ctrl-C to stop)")
            .ConfigureAwait(false);
        await WaitAsync(stop).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RunUpAsync(
        ApiServerOptions options, string kubeconfig, bool prometheus, ILoggerFactory loggers, bool verbose, CancellationToken stop)
    {
        using var operatorLoggers = OperatorCommand.CreateLoggers(verbose);
        await using var sandbox = await SandboxUp.StartAsync(
            options, kubeconfig, loggers, operatorLoggers, startPrometheus: prometheus, cancellationToken: stop).ConfigureAwait(false);
        await sandbox.Operator.Serving.WaitAsync(TimeSpan.FromSeconds(30), stop).ConfigureAwait(false);
        await AnnounceAsync(sandbox.KubeconfigPath, sandbox.Prometheus,
            $"API server listening on {sandbox.Server.Url} with the Rollouts CRDs installed and the operator running (Ctrl-C to stop)",
            sandbox.Operator.MetricsUrl).ConfigureAwait(false);
        await WaitAsync(stop).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Prints the KUBECONFIG line, and the PROMETHEUS line when it runs, on stdout (what scripts read), and what runs on stderr.</summary>
    private static async Task AnnounceAsync(string kubeconfigPath, PrometheusProcess? prometheus, string what, Uri? metrics = null)
    {
        Console.Out.WriteLine($"KUBECONFIG={kubeconfigPath}");
        if (prometheus is not null)
        {
            Console.Out.WriteLine($"PROMETHEUS={prometheus.Address}");
        }

        if (metrics is not null)
        {
            Console.Out.WriteLine($"METRICS={metrics}");
        }

        Console.Out.Flush();
        await Console.Error.WriteLineAsync(what).ConfigureAwait(false);
    }

    private static async Task WaitAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
