using System.Diagnostics;

namespace Rollouts.Cli.Tests.Support;

/// <summary>Runs the real kubectl, which finds the published plugin on PATH: <c>kubectl rollouts ARGS</c>.</summary>
internal sealed class PluginRunner(string pluginDirectory, string? kubeconfig)
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess() => ExitCode == 0
            ? this
            : throw new InvalidOperationException($"kubectl rollouts failed with exit code {ExitCode}:\n{Stderr}\n{Stdout}");

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<PluginRunner> StartAsync(string? kubeconfig) => new(await PublishedPlugin.DirectoryAsync(), kubeconfig);

    /// <summary><c>kubectl rollouts ARGS</c>.</summary>
    public Task<Result> RolloutsAsync(params string[] args) => RunAsync(["rollouts", .. args]);

    /// <summary>kubectl itself, with the same kubeconfig (to arrange and read the world).</summary>
    public async Task<Result> RunAsync(string[] args, string? stdin = null)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = pluginDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        if (kubeconfig is null)
        {
            start.Environment.Remove("KUBECONFIG");
        }
        else
        {
            start.Environment["KUBECONFIG"] = kubeconfig;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within 60 s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
