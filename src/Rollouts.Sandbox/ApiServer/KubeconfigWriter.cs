using System.Text;

namespace Rollouts.Sandbox.ApiServer;

/// <summary>Writes a kubeconfig that points kubectl (or the operator) at the sandbox's API server.</summary>
public static class KubeconfigWriter
{
    public static string Render(Uri server, string authorityPem, string user, string token, string ns = "default") =>
        new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine("- name: sandbox")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {server.GetLeftPart(UriPartial.Authority)}")
            .AppendLine($"    certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(authorityPem))}")
            .AppendLine("users:")
            .AppendLine($"- name: {user}")
            .AppendLine("  user:")
            .AppendLine($"    token: {token}")
            .AppendLine("contexts:")
            .AppendLine("- name: sandbox")
            .AppendLine("  context:")
            .AppendLine("    cluster: sandbox")
            .AppendLine($"    user: {user}")
            .AppendLine($"    namespace: {ns}")
            .AppendLine("current-context: sandbox")
            .ToString();

    /// <summary>Writes the file (readable by its owner only: it holds a token) and returns its full path.</summary>
    public static string Write(string path, Uri server, string authorityPem, string user, string token)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Render(server, authorityPem, user, token));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return full;
    }
}
