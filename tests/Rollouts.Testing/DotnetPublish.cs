using System.Diagnostics;

namespace Rollouts.Testing;

/// <summary>
/// Runs <c>dotnet publish PROJECT -c Release -o DIR</c> from the repository root, one at a time across every test
/// process on the machine (the test projects run in parallel, and two publishes building the same projects at once
/// would fight over their obj/ folders).
/// </summary>
public static class DotnetPublish
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "rollouts-dotnet-publish.lock");

    /// <summary>Publishes <paramref name="project"/> (a path relative to <paramref name="root"/>) into <paramref name="output"/>.</summary>
    /// <returns>The exit code and everything the command printed.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string root, string project, string output, TimeSpan? deadline = null)
    {
        await using var held = await AcquireAsync(deadline ?? TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return await RunProcessAsync("dotnet", ["publish", project, "-c", "Release", "-o", output], root, deadline ?? TimeSpan.FromMinutes(10))
            .ConfigureAwait(false);
    }

    /// <summary>Runs a process to its end and returns its exit code and output (stdout then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(string file, IReadOnlyList<string> args, string directory, TimeSpan deadline)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {deadline}");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>An exclusive lock on a file every test process shares; waits for it up to <paramref name="deadline"/>.</summary>
    private static async Task<FileStream> AcquireAsync(TimeSpan deadline)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (TimeProvider.System.GetElapsedTime(started) < deadline)
            {
                // Another process publishes; file locks give no notification, so look again shortly.
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }
}
