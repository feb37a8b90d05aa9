using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Sandbox;

/// <summary>
/// The sandbox's command line. <c>api [--port N] [--kubeconfig-out FILE]</c> runs the in-memory API server
/// on 127.0.0.1, with the workload simulator (ReplicaSets get pods that become ready), until SIGINT or SIGTERM
/// and prints <c>KUBECONFIG=&lt;path&gt;</c> once it serves requests.
/// </summary>
internal static class SandboxCommand
{
    private const string Usage = """
        Usage: rollouts-sandbox api [--port N] [--kubeconfig-out FILE] [--verbose]

        Commands:
          api    Run the in-memory Kubernetes API server on 127.0.0.1 until interrupted.

        Options:
          --port N               Port to listen on (default: a free port).
          --kubeconfig-out FILE  Where to write the kubeconfig (default: a new temporary file).
          --verbose              Log the server's warnings and errors to stderr.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] != "api")
        {
            await Console.Error.WriteLineAsync($"error: unknown command \"{args[0]}\"\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        int port = 0;
        string? kubeconfig = null;
        var verbose = false;
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
                default:
                    await Console.Error.WriteLineAsync($"error: unknown or incomplete option \"{args[i]}\"\n\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        return await RunApiAsync(port, kubeconfig, verbose).ConfigureAwait(false);
    }

    private static async Task<int> RunApiAsync(int port, string? kubeconfig, bool verbose)
    {
        using var loggers = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
            b.AddSimpleConsole(o => o.SingleLine = true);
            b.AddFilter((_, _) => verbose);
        });
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        await using var server = new ApiServer.ApiServer(new ApiServerOptions { Port = port }, loggers);
        try
        {
            await server.StartAsync(stop.Token).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        kubeconfig ??= Path.Combine(Path.GetTempPath(), $"rollouts-sandbox-{Environment.ProcessId}.kubeconfig");
        var path = server.WriteKubeconfig(kubeconfig);
        Console.Out.WriteLine($"KUBECONFIG={path}");
        Console.Out.Flush();
        await Console.Error.WriteLineAsync($"API server listening on {server.Url} (Ctrl-C to stop)").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
