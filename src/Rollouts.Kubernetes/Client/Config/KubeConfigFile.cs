using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// One kubeconfig file as written, with relative paths (certificates, key, token file, exec
/// command) already resolved against the file's folder, as kubectl does.
/// </summary>
internal sealed class KubeConfigFile
{
    public string Path { get; set; } = "";

    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; set; }

    [YamlMember(Alias = "clusters")]
    public List<NamedCluster>? Clusters { get; set; }

    [YamlMember(Alias = "users")]
    public List<NamedUser>? Users { get; set; }

    [YamlMember(Alias = "contexts")]
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

        KubeConfigFile file;
        try
        {
            var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
            file = deserializer.Deserialize<KubeConfigFile?>(text) ?? new KubeConfigFile();
        }
        catch (YamlException e)
        {
            throw new KubernetesConfigurationException(
                $"Kubeconfig '{fullPath}' is not valid (line {e.Start.Line}, column {e.Start.Column}): {(e.InnerException ?? e).Message}", e);
        }

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
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "cluster")]
    public KubeCluster? Cluster { get; set; }
}

internal sealed class NamedUser
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "user")]
    public KubeUser? User { get; set; }
}

internal sealed class NamedContext
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "context")]
    public KubeContext? Context { get; set; }
}

internal sealed class KubeCluster
{
    [YamlMember(Alias = "server")]
    public string? Server { get; set; }

    [YamlMember(Alias = "certificate-authority")]
    public string? CertificateAuthority { get; set; }

    [YamlMember(Alias = "certificate-authority-data")]
    public string? CertificateAuthorityData { get; set; }

    [YamlMember(Alias = "insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; set; }

    [YamlMember(Alias = "tls-server-name")]
    public string? TlsServerName { get; set; }

    [YamlMember(Alias = "proxy-url")]
    public string? ProxyUrl { get; set; }
}

internal sealed class KubeUser
{
    [YamlMember(Alias = "token")]
    public string? Token { get; set; }

    [YamlMember(Alias = "tokenFile")]
    public string? TokenFile { get; set; }

    [YamlMember(Alias = "client-certificate")]
    public string? ClientCertificate { get; set; }

    [YamlMember(Alias = "client-certificate-data")]
    public string? ClientCertificateData { get; set; }

    [YamlMember(Alias = "client-key")]
    public string? ClientKey { get; set; }

    [YamlMember(Alias = "client-key-data")]
    public string? ClientKeyData { get; set; }

    [YamlMember(Alias = "exec")]
    public KubeExec? Exec { get; set; }

    [YamlMember(Alias = "username")]
    public string? Username { get; set; }

    [YamlMember(Alias = "auth-provider")]
    public Dictionary<string, object>? AuthProvider { get; set; }
}

internal sealed class KubeExec
{
    [YamlMember(Alias = "apiVersion")]
    public string? ApiVersion { get; set; }

    [YamlMember(Alias = "command")]
    public string? Command { get; set; }

    [YamlMember(Alias = "args")]
    public List<string>? Args { get; set; }

    [YamlMember(Alias = "env")]
    public List<KubeExecEnv>? Env { get; set; }

    [YamlMember(Alias = "provideClusterInfo")]
    public bool ProvideClusterInfo { get; set; }

    [YamlMember(Alias = "interactiveMode")]
    public string? InteractiveMode { get; set; }

    [YamlMember(Alias = "installHint")]
    public string? InstallHint { get; set; }
}

internal sealed class KubeExecEnv
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "value")]
    public string? Value { get; set; }
}

internal sealed class KubeContext
{
    [YamlMember(Alias = "cluster")]
    public string? Cluster { get; set; }

    [YamlMember(Alias = "user")]
    public string? User { get; set; }

    [YamlMember(Alias = "namespace")]
    public string? Namespace { get; set; }
}
