using Rollouts.Sandbox.Processes;

namespace Rollouts.Testing;

/// <summary>
/// The <c>Rollouts.Operator.dll</c> a test runs as a process (with <see cref="OperatorProcess"/>): the build output
/// beside the test's own when the test project references the operator, otherwise published once per test process.
/// </summary>
public static class OperatorAssembly
{
    private static readonly SemaphoreSlim PublishGate = new(1, 1);
    private static string? _published;

    public static async Task<string> PathAsync()
    {
        var built = Path.Combine(AppContext.BaseDirectory, OperatorPublish.AssemblyName);
        if (File.Exists(built) && File.Exists(Path.ChangeExtension(built, ".runtimeconfig.json")))
        {
            return built;
        }

        await PublishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _published ??= await OperatorPublish.PublishAsync(
                OperatorPublish.FindRepositoryRoot(AppContext.BaseDirectory), Directory.CreateTempSubdirectory("rollouts-operator-").FullName).ConfigureAwait(false);
            return _published;
        }
        finally
        {
            PublishGate.Release();
        }
    }
}
