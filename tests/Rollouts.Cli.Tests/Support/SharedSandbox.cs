using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Sandbox;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Cli.Tests.Support;

/// <summary>
/// One sandbox for the whole test run: the in-memory API server with its workload simulator (pods ready after
/// 100 ms), the CRDs, and the operator in-process; patch bodies are recorded so tests can check what the plugin sends. Each test works in a namespace of its own.
/// </summary>
internal static class SharedSandbox
{
    private static readonly Lazy<Task<SandboxUp>> Instance = new(StartAsync);

    public static Task<SandboxUp> GetAsync() => Instance.Value;

    private static async Task<SandboxUp> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("rollouts-cli-tests-").FullName;
        var up = await SandboxUp.StartAsync(
            new ApiServerOptions { ReadyDelay = TimeSpan.FromMilliseconds(100) },
            Path.Combine(directory, "kubeconfig"), NullLoggerFactory.Instance, NullLoggerFactory.Instance);
        up.Server.Bodies.Enabled = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            up.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            Directory.Delete(directory, recursive: true);
        };
        return up;
    }
}
