using System.Diagnostics;
using Rollouts.Sandbox.Processes;

namespace Rollouts.Bench;

/// <summary><c>cli</c>: wall time of <c>kubectl rollouts get rollout</c> (start-up included) against one Healthy Rollout.</summary>
internal sealed class CliBenchmark(string operatorAssembly, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments, string repositoryRoot, TextWriter log)
{
    public async Task<Dictionary<string, double>> RunAsync(int runs)
    {
        var bin = Path.Combine(Path.GetTempPath(), "rollouts-bench-cli");
        log.WriteLine($"publishing src/Rollouts.Cli to {bin} ...");
        await OperatorPublish.PublishAsync(repositoryRoot, "src/Rollouts.Cli", "kubectl-rollouts", bin).ConfigureAwait(false);
        await using var world = await BenchWorld.StartAsync().ConfigureAwait(false);
        await using var op = await OperatorProcess.StartAsync(new OperatorProcessOptions
        {
            AssemblyPath = operatorAssembly,
            KubeconfigPath = world.KubeconfigPath,
            Environment = environment,
            Arguments = arguments,
        }).ConfigureAwait(false);
        world.CreateRollout("web", BenchObjects.Rollout("web", "web:1"));
        var started = Stopwatch.GetTimestamp();
        while (world.ListRollouts().Single()["status"]?["phase"]?.GetValue<string>() != "Healthy")
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"the Rollout was not Healthy within 60 s:\n{op.Log}");
            }

            // The store is polled.
            await Task.Delay(100).ConfigureAwait(false);
        }

        var path = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var viaKubectl = await TimeAsync("kubectl", ["rollouts", "get", "rollout", "web", "-n", BenchWorld.Namespace], world.KubeconfigPath, path, runs)
            .ConfigureAwait(false);
        var plugin = await TimeAsync(Path.Combine(bin, "kubectl-rollouts"), ["get", "rollout", "web", "-n", BenchWorld.Namespace], world.KubeconfigPath, path, runs)
            .ConfigureAwait(false);
        log.WriteLine($"kubectl rollouts get rollout web: median {Percentiles.Of(viaKubectl, 50):F0} ms, max {viaKubectl.Max():F0} ms ({runs} runs)");
        log.WriteLine($"kubectl-rollouts get rollout web: median {Percentiles.Of(plugin, 50):F0} ms, max {plugin.Max():F0} ms ({runs} runs)");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["runs"] = runs,
            ["kubectl_rollouts_get_ms_median"] = Math.Round(Percentiles.Of(viaKubectl, 50), 1),
            ["kubectl_rollouts_get_ms_max"] = Math.Round(viaKubectl.Max(), 1),
            ["plugin_get_ms_median"] = Math.Round(Percentiles.Of(plugin, 50), 1),
            ["plugin_get_ms_max"] = Math.Round(plugin.Max(), 1),
        };
    }

    private static async Task<List<double>> TimeAsync(string file, string[] args, string kubeconfig, string path, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo(file, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["KUBECONFIG"] = kubeconfig;
            start.Environment["PATH"] = path;
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0 || !output.Contains("web", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
            }

            times.Add(elapsed);
        }

        return times;
    }
}
