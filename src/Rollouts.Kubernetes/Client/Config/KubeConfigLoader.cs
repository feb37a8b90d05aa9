namespace Rollouts.Kubernetes.Client.Config;

/// <summary>Where kubeconfig files are looked for: the KUBECONFIG variable, the home folder, and the pod's environment.</summary>
internal sealed record KubeConfigLookup
{
    public string? KubeConfigVariable { get; init; }

    public string? HomeDirectory { get; init; }

    public InClusterEnvironment InCluster { get; init; } = new();

    public static KubeConfigLookup FromProcess() => new()
    {
        KubeConfigVariable = Environment.GetEnvironmentVariable("KUBECONFIG"),
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        InCluster = InClusterEnvironment.FromProcess(),
    };
}

/// <summary>Finds, merges and resolves kubeconfig files into a <see cref="KubernetesConnection"/>.</summary>
internal static class KubeConfigLoader
{
    public static KubernetesConnection Load(string? explicitPath, string? context, KubeConfigLookup lookup, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            if (!File.Exists(explicitPath))
            {
                throw new KubernetesConfigurationException($"Kubeconfig '{Path.GetFullPath(explicitPath)}' (given with --kubeconfig) does not exist.");
            }

            return FromFiles([explicitPath], context, time);
        }

        string[] candidates;
        string searched;
        if (!string.IsNullOrWhiteSpace(lookup.KubeConfigVariable))
        {
            candidates = lookup.KubeConfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            searched = $"the files in KUBECONFIG ({lookup.KubeConfigVariable})";
        }
        else
        {
            var home = string.IsNullOrEmpty(lookup.HomeDirectory) ? null : Path.Combine(lookup.HomeDirectory, ".kube", "config");
            candidates = home is null ? [] : [home];
            searched = home ?? "~/.kube/config (no home folder)";
        }

        var existing = candidates.Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
        if (existing.Count > 0)
        {
            return FromFiles(existing, context, time);
        }

        if (lookup.InCluster.IsAvailable && context is null)
        {
            return InClusterLoader.Load(lookup.InCluster, time);
        }

        throw new KubernetesConfigurationException(context is null
            ? $"No Kubernetes configuration: {searched} not found, and not running in a cluster (KUBERNETES_SERVICE_HOST is not set). Pass --kubeconfig or set KUBECONFIG."
            : $"Context '{context}' was asked for, but no kubeconfig was found at {searched}.");
    }

    /// <summary>Merges the files as kubectl does: the first file to define a name (or current-context) wins.</summary>
    public static KubernetesConnection FromFiles(IReadOnlyList<string> paths, string? context, TimeProvider time)
    {
        if (paths.Count == 0)
        {
            throw new KubernetesConfigurationException("No kubeconfig files were given.");
        }

        var files = paths.Select(KubeConfigFile.Read).ToList();
        var clusters = Merge(files, f => f.Clusters, c => c.Name, c => c.Cluster);
        var users = Merge(files, f => f.Users, u => u.Name, u => u.User);
        var contexts = Merge(files, f => f.Contexts, c => c.Name, c => c.Context);
        var where = files.Count == 1 ? $"kubeconfig '{files[0].Path}'" : $"kubeconfig files {string.Join(", ", files.Select(f => $"'{f.Path}'"))}";

        var contextName = !string.IsNullOrWhiteSpace(context)
            ? context
            : files.Select(f => f.CurrentContext).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
              ?? throw new KubernetesConfigurationException($"No current-context is set in {where}; pass --context.");

        if (!contexts.TryGetValue(contextName, out var selected))
        {
            throw new KubernetesConfigurationException(
                $"Context '{contextName}' is not defined in {where} (defined: {Names(contexts)}).");
        }

        var (kubeContext, contextFile) = selected;
        if (string.IsNullOrWhiteSpace(kubeContext.Cluster) || !clusters.TryGetValue(kubeContext.Cluster, out var cluster))
        {
            throw new KubernetesConfigurationException(
                $"Context '{contextName}' in '{contextFile}' names cluster '{kubeContext.Cluster}', which is not defined (defined: {Names(clusters)}).");
        }

        (KubeUser User, string File)? user = null;
        if (!string.IsNullOrWhiteSpace(kubeContext.User))
        {
            user = users.TryGetValue(kubeContext.User, out var found)
                ? found
                : throw new KubernetesConfigurationException(
                    $"Context '{contextName}' in '{contextFile}' names user '{kubeContext.User}', which is not defined (defined: {Names(users)}).");
        }

        return KubeConfigConnection.Build(
            contextName,
            kubeContext.Namespace,
            kubeContext.Cluster,
            cluster,
            kubeContext.User,
            user,
            time);
    }

    private static Dictionary<string, (TValue Value, string File)> Merge<TEntry, TValue>(
        List<KubeConfigFile> files,
        Func<KubeConfigFile, List<TEntry>?> entries,
        Func<TEntry, string?> name,
        Func<TEntry, TValue?> value)
        where TValue : class
    {
        var merged = new Dictionary<string, (TValue, string)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var entry in entries(file) ?? [])
            {
                if (name(entry) is { Length: > 0 } key && value(entry) is { } found)
                {
                    merged.TryAdd(key, (found, file.Path));
                }
            }
        }

        return merged;
    }

    private static string Names<T>(Dictionary<string, T> entries) =>
        entries.Count == 0 ? "none" : string.Join(", ", entries.Keys.Order(StringComparer.Ordinal));
}
