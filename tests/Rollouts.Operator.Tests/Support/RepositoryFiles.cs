namespace Rollouts.Operator.Tests.Support;

/// <summary>Files of the repository the tests read: the CRDs and the samples.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Crds => Path.Combine(Root, "crds");

    /// <summary>The HTTPRoute CRD the sandbox installs (gateway.networking.k8s.io/v1).</summary>
    public static string HttpRouteCrd => Path.Combine(Root, "src", "Rollouts.Sandbox", "Gateway", "httproutes.gateway.networking.k8s.io.yaml");

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rollouts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Rollouts.sln above {AppContext.BaseDirectory}; the tests run inside the repository.");
    }
}
