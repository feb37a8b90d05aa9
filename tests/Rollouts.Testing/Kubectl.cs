using System.Diagnostics;

namespace Rollouts.Testing;

/// <summary>The real kubectl on PATH, bound to one kubeconfig and one discovery cache directory.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess() => ExitCode == 0
            ? this
            : throw new InvalidOperationException($"kubectl failed with exit code {ExitCode}:\n{Stderr}\n{Stdout}");
    }

    /// <summary>Runs kubectl to completion and fails after a deadline.</summary>
    public Task<Result> RunAsync(params string[] args) => RunCoreAsync(null, args);

    /// <summary>Runs kubectl to completion with <paramref name="stdin"/> piped in (for <c>-f -</c>), and fails after a deadline.</summary>
    public Task<Result> RunWithInputAsync(string stdin, params string[] args) => RunCoreAsync(stdin, args);

    private async Task<Result> RunCoreAsync(string? stdin, string[] args)
    {
        using var process = Process.Start(StartInfo(args, redirectInput: true)) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within 60 s");
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>) whose output lines a test reads as they come.</summary>
    public Process Start(params string[] args) =>
        Process.Start(StartInfo(args, redirectInput: false)) ?? throw new InvalidOperationException("kubectl did not start");

    private ProcessStartInfo StartInfo(string[] args, bool redirectInput)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        start.ArgumentList.Add($"--cache-dir={cacheDirectory}");
        start.Environment.Remove("KUBECONFIG");
        return start;
    }
}
