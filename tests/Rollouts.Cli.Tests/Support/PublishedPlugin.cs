using System.Diagnostics;

namespace Rollouts.Cli.Tests.Support;

/// <summary>
/// The plugin as users install it: <c>dotnet publish src/Rollouts.Cli -o DIR</c>, once per test run, into a
/// temporary directory that the tests put on kubectl's PATH.
/// </summary>
internal static class PublishedPlugin
{
    private static readonly Lazy<Task<string>> Directory = new(PublishAsync);

    /// <summary>The directory holding <c>kubectl-rollouts</c>.</summary>
    public static Task<string> DirectoryAsync() => Directory.Value;

    private static async Task<string> PublishAsync()
    {
        var output = System.IO.Directory.CreateTempSubdirectory("kubectl-rollouts-").FullName;
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var arg in new[] { "publish", "src/Rollouts.Cli", "-c", configuration, "-o", output, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(output, "kubectl-rollouts")))
        {
            throw new InvalidOperationException($"dotnet publish src/Rollouts.Cli failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(output, recursive: true);
        return output;
    }
}
