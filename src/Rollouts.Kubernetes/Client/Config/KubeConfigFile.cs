using YamlDotNet.Core;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// One kubeconfig file as written, with relative paths (certificates, key, token file, exec
/// command) already resolved against the file's folder, as kubectl does.
/// </summary>
internal sealed class KubeConfigFile
{
    public string Path { get; set; } = "";

    public string? CurrentContext { get; set; }

    public List<NamedCluster>? Clusters { get; set; }

    public List<NamedUser>? Users { get; set; }

    public List<NamedContext>? Contexts { get; set; }

    public static KubeConfigFile Read(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"Kubeconfig '{fullPath}' cannot be read: {e.Message}", e);
        }

        object? root;
        try
        {
            root = KubeConfigYaml.Parse(text);
        }
        catch (YamlException e)
        {
            throw new KubernetesConfigurationException(
                $"Kubeconfig '{fullPath}' is not valid (line {e.Start.Line}, column {e.Start.Column}): {(e.InnerException ?? e).Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new KubernetesConfigurationException($"Kubeconfig '{fullPath}' is not valid: {e.Message}", e); // a key twice
        }

        var file = KubeConfigFields.ReadFile(root, fullPath);
        file.Path = fullPath;
        file.ResolvePaths(System.IO.Path.GetDirectoryName(fullPath)!);
        return file;
    }

    private void ResolvePaths(string folder)
    {
        foreach (var cluster in Clusters ?? [])
        {
            if (cluster.Cluster is { } value)
            {
                value.CertificateAuthority = Resolve(folder, value.CertificateAuthority);
            }
        }

        foreach (var user in Users ?? [])
        {
            if (user.User is not { } value)
            {
                continue;
            }

            value.ClientCertificate = Resolve(folder, value.ClientCertificate);
            value.ClientKey = Resolve(folder, value.ClientKey);
            value.TokenFile = Resolve(folder, value.TokenFile);
            if (value.Exec is { Command: { } command } exec
                && command.IndexOfAny(['/', System.IO.Path.DirectorySeparatorChar]) >= 0)
            {
                // A bare name is looked up on PATH; a command with a separator is a path.
                exec.Command = Resolve(folder, command);
            }
        }
    }

    private static string? Resolve(string folder, string? path) =>
        string.IsNullOrEmpty(path) ? path : System.IO.Path.GetFullPath(path, folder);
}

internal sealed class NamedCluster
{
    public string? Name { get; set; }

    public KubeCluster? Cluster { get; set; }
}

internal sealed class NamedUser
{
    public string? Name { get; set; }

    public KubeUser? User { get; set; }
}

internal sealed class NamedContext
{
    public string? Name { get; set; }

    public KubeContext? Context { get; set; }
}

internal sealed class KubeCluster
{
    public string? Server { get; set; }

    public string? CertificateAuthority { get; set; }

    public string? CertificateAuthorityData { get; set; }

    public bool InsecureSkipTlsVerify { get; set; }

    public string? TlsServerName { get; set; }

    public string? ProxyUrl { get; set; }
}

internal sealed class KubeUser
{
    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    public string? ClientCertificate { get; set; }

    public string? ClientCertificateData { get; set; }

    public string? ClientKey { get; set; }

    public string? ClientKeyData { get; set; }

    public KubeExec? Exec { get; set; }

    public string? Username { get; set; }

    public Dictionary<string, object>? AuthProvider { get; set; }
}

internal sealed class KubeExec
{
    public string? ApiVersion { get; set; }

    public string? Command { get; set; }

    public List<string>? Args { get; set; }

    public List<KubeExecEnv>? Env { get; set; }

    public bool ProvideClusterInfo { get; set; }

    public string? InteractiveMode { get; set; }

    public string? InstallHint { get; set; }
}

internal sealed class KubeExecEnv
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class KubeContext
{
    public string? Cluster { get; set; }

    public string? User { get; set; }

    public string? Namespace { get; set; }
}
