namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// Maps the values <see cref="KubeConfigYaml"/> read onto <see cref="KubeConfigFile"/>, field by field (no reflection,
/// so nothing to load at start-up). Unknown fields are ignored, as kubectl does; a field of the wrong shape is an
/// error naming its path.
/// </summary>
internal static class KubeConfigFields
{
    public static KubeConfigFile ReadFile(object? root, string path)
    {
        if (root is null)
        {
            return new KubeConfigFile();
        }

        var where = new Where(path);
        var map = Map(root, "", where)!;
        return new KubeConfigFile
        {
            CurrentContext = Text(map, "current-context", "", where),
            Clusters = Named(map, "clusters", where, (m, at) => new NamedCluster
            {
                Name = Text(m, "name", at, where),
                Cluster = Map(m.GetValueOrDefault("cluster"), at + ".cluster", where) is { } c ? Cluster(c, at + ".cluster", where) : null,
            }),
            Users = Named(map, "users", where, (m, at) => new NamedUser
            {
                Name = Text(m, "name", at, where),
                User = Map(m.GetValueOrDefault("user"), at + ".user", where) is { } u ? User(u, at + ".user", where) : null,
            }),
            Contexts = Named(map, "contexts", where, (m, at) => new NamedContext
            {
                Name = Text(m, "name", at, where),
                Context = Map(m.GetValueOrDefault("context"), at + ".context", where) is { } c ? new KubeContext
                {
                    Cluster = Text(c, "cluster", at + ".context", where),
                    User = Text(c, "user", at + ".context", where),
                    Namespace = Text(c, "namespace", at + ".context", where),
                }
                : null,
            }),
        };
    }

    private static KubeCluster Cluster(Dictionary<string, object?> m, string at, Where where) => new()
    {
        Server = Text(m, "server", at, where),
        CertificateAuthority = Text(m, "certificate-authority", at, where),
        CertificateAuthorityData = Text(m, "certificate-authority-data", at, where),
        InsecureSkipTlsVerify = Flag(m, "insecure-skip-tls-verify", at, where),
        TlsServerName = Text(m, "tls-server-name", at, where),
        ProxyUrl = Text(m, "proxy-url", at, where),
    };

    private static KubeUser User(Dictionary<string, object?> m, string at, Where where) => new()
    {
        Token = Text(m, "token", at, where),
        TokenFile = Text(m, "tokenFile", at, where),
        ClientCertificate = Text(m, "client-certificate", at, where),
        ClientCertificateData = Text(m, "client-certificate-data", at, where),
        ClientKey = Text(m, "client-key", at, where),
        ClientKeyData = Text(m, "client-key-data", at, where),
        Username = Text(m, "username", at, where),
        AuthProvider = m.GetValueOrDefault("auth-provider") is { } provider
            ? Map(provider, at + ".auth-provider", where)!.ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal)
            : null,
        Exec = Map(m.GetValueOrDefault("exec"), at + ".exec", where) is { } exec ? Exec(exec, at + ".exec", where) : null,
    };

    private static KubeExec Exec(Dictionary<string, object?> m, string at, Where where) => new()
    {
        ApiVersion = Text(m, "apiVersion", at, where),
        Command = Text(m, "command", at, where),
        Args = List(m, "args", at, where)?.Select((a, i) => Scalar(a, $"{at}.args[{i}]", where) ?? "").ToList(),
        Env = List(m, "env", at, where)?.Select((e, i) => Map(e, $"{at}.env[{i}]", where) is { } env
            ? new KubeExecEnv { Name = Text(env, "name", $"{at}.env[{i}]", where), Value = Text(env, "value", $"{at}.env[{i}]", where) }
            : new KubeExecEnv()).ToList(),
        ProvideClusterInfo = Flag(m, "provideClusterInfo", at, where),
        InteractiveMode = Text(m, "interactiveMode", at, where),
        InstallHint = Text(m, "installHint", at, where),
    };

    private static List<T>? Named<T>(Dictionary<string, object?> map, string field, Where where, Func<Dictionary<string, object?>, string, T> read)
    {
        if (List(map, field, "", where) is not { } list)
        {
            return null;
        }

        var entries = new List<T>();
        for (var i = 0; i < list.Count; i++)
        {
            if (Map(list[i], $"{field}[{i}]", where) is { } entry)
            {
                entries.Add(read(entry, $"{field}[{i}]"));
            }
        }

        return entries;
    }

    private static Dictionary<string, object?>? Map(object? value, string at, Where where) => value switch
    {
        null => null,
        Dictionary<string, object?> map => map,
        _ => throw where.Wrong(at, "a mapping"),
    };

    private static List<object?>? List(Dictionary<string, object?> map, string field, string at, Where where) => map.GetValueOrDefault(field) switch
    {
        null => null,
        List<object?> list => list,
        _ => throw where.Wrong(Join(at, field), "a list"),
    };

    private static string? Text(Dictionary<string, object?> map, string field, string at, Where where) =>
        Scalar(map.GetValueOrDefault(field), Join(at, field), where);

    private static string? Scalar(object? value, string at, Where where) => value switch
    {
        null => null,
        string text => text,
        _ => throw where.Wrong(at, "a single value"),
    };

    private static bool Flag(Dictionary<string, object?> map, string field, string at, Where where) =>
        Text(map, field, at, where) switch
        {
            null => false,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            var other => throw where.Wrong(Join(at, field), $"true or false, not \"{other}\""),
        };

    private static string Join(string at, string field) => at.Length == 0 ? field : $"{at}.{field}";

    private sealed record Where(string Path)
    {
        public KubernetesConfigurationException Wrong(string field, string expected) =>
            new($"Kubeconfig '{Path}' is not valid: {field} must be {expected}.");
    }
}
