using System.Diagnostics;

namespace Rollouts.Sandbox.Processes;

/// <summary>
/// Publishes the operator (<c>dotnet publish src/Rollouts.Operator -c Release -o DIR</c>), or another project, from the
/// repository's sources, one publish at a time across every process on the machine (it shares the lock file of the tests'
/// publishes, since two builds of the same projects at once fight over their obj/ folders).
/// </summary>
public static class OperatorPublish
{
    /// <summary>The operator project, relative to the repository root.</summary>
    public const string Project = "src/Rollouts.Operator";

    /// <summary>The published entry assembly, run with <c>dotnet</c>.</summary>
    public const string AssemblyName = "Rollouts.Operator.dll";

    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "rollouts-dotnet-publish.lock");

    /// <summary>The repository root: the first folder at or above <paramref name="start"/> (default: this assembly's folder) that holds Rollouts.sln.</summary>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string FindRepositoryRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder at or above {start ?? AppContext.BaseDirectory} holds Rollouts.sln");
    }

    /// <summary>Publishes the operator into <paramref name="output"/> and returns the path of its entry assembly.</summary>
    /// <exception cref="InvalidOperationException">The publish failed (the message holds its output).</exception>
    public static async Task<string> PublishAsync(string repositoryRoot, string output, CancellationToken cancellationToken = default) =>
        await PublishAsync(repositoryRoot, Project, AssemblyName, output, cancellationToken).ConfigureAwait(false);

    /// <summary>Publishes <paramref name="project"/> (e.g. <c>src/Rollouts.Cli</c>) into <paramref name="output"/>; returns the path of <paramref name="entry"/> there.</summary>
    /// <exception cref="InvalidOperationException">The publish failed (the message holds its output).</exception>
    public static async Task<string> PublishAsync(string repositoryRoot, string project, string entry, string output, CancellationToken cancellationToken = default)
    {
        await using var held = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var text = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        var dll = Path.Combine(output, entry);
        if (process.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"dotnet publish {project} failed with exit code {process.ExitCode}:\n{text}");
        }

        return dll;
    }

    private static async Task<FileStream> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another process publishes; file locks give no notification, so look again shortly.
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
