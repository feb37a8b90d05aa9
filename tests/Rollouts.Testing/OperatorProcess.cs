using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rollouts.Testing;

/// <summary>
/// The operator as a process of its own: <c>dotnet Rollouts.Operator.dll --kubeconfig FILE ARGS</c>, with its
/// stdout and stderr kept line by line, stopped by SIGKILL (nothing runs after it) or SIGTERM. The operator's
/// build output is used where the test's own output holds it (a test project that references the operator);
/// otherwise the operator is published once per test process with <see cref="DotnetPublish"/>.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim PublishGate = new(1, 1);
    private static string? _published;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private OperatorProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved as received.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Starts the operator against <paramref name="kubeconfig"/> with the other <paramref name="args"/>.</summary>
    public static async Task<OperatorProcess> StartAsync(string kubeconfig, IEnumerable<string> args)
    {
        var dll = await OperatorDllAsync().ConfigureAwait(false);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Two workers' threads are plenty for a test on a shared machine; the server GC would reserve a heap per core.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        return new OperatorProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>SIGKILL: the process ends at whatever instruction it was on, as when a node dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>SIGTERM, then waits for the process to end on its own; SIGKILL at the deadline.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        if (!_process.HasExited)
        {
            _ = Posix.Kill(_process.Id, Posix.Sigterm);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(deadline).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await KillAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static async Task<string> OperatorDllAsync()
    {
        var built = Path.Combine(AppContext.BaseDirectory, "Rollouts.Operator.dll");
        if (File.Exists(built) && File.Exists(Path.ChangeExtension(built, ".runtimeconfig.json")))
        {
            return built;
        }

        await PublishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_published is null)
            {
                var root = RepositoryRoot();
                var output = Directory.CreateTempSubdirectory("rollouts-operator-").FullName;
                var (code, text) = await DotnetPublish.RunAsync(root, "src/Rollouts.Operator", output).ConfigureAwait(false);
                _published = code == 0 ? Path.Combine(output, "Rollouts.Operator.dll") : throw new InvalidOperationException($"publishing the operator failed:\n{text}");
            }

            return _published;
        }
        finally
        {
            PublishGate.Release();
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rollouts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Rollouts.sln above {AppContext.BaseDirectory}");
    }

    private static class Posix
    {
        public const int Sigterm = 15;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
