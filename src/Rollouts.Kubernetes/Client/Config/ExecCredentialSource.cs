using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// Runs a kubeconfig <c>exec</c> credential plugin (client.authentication.k8s.io/v1, or v1beta1)
/// for a bearer token. The token is cached until <see cref="ExpiryMargin"/> before the
/// expirationTimestamp the plugin reports (forever when it reports none), or until the server
/// answers 401; then the plugin runs again. Concurrent requests share one run.
/// </summary>
internal sealed class ExecCredentialSource : ITokenSource
{
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);

    private static readonly string[] SupportedVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];

    private readonly KubeExec _exec;
    private readonly string _origin;
    private readonly string _execInfo;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Credential? _cached;

    private ExecCredentialSource(KubeExec exec, string origin, string execInfo, TimeProvider time)
    {
        _exec = exec;
        _origin = origin;
        _execInfo = execInfo;
        _time = time;
    }

    public static ExecCredentialSource Create(KubeExec exec, string origin, KubeCluster cluster, Uri server, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw new KubernetesConfigurationException($"{origin}: exec has no command.");
        }

        if (!SupportedVersions.Contains(exec.ApiVersion))
        {
            throw new KubernetesConfigurationException(
                $"{origin}: exec apiVersion '{exec.ApiVersion}' is not supported; use {string.Join(" or ", SupportedVersions)}.");
        }

        if (exec.InteractiveMode == "Always")
        {
            throw new KubernetesConfigurationException(
                $"{origin}: exec interactiveMode is Always, but credentials are fetched without a terminal; use a plugin that runs non-interactively.");
        }

        var info = new ExecCredential
        {
            ApiVersion = exec.ApiVersion,
            Kind = "ExecCredential",
            Spec = new ExecCredentialSpec
            {
                Interactive = false,
                Cluster = exec.ProvideClusterInfo
                    ? new ExecCluster
                    {
                        Server = server.OriginalString,
                        TlsServerName = cluster.TlsServerName,
                        InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
                        CertificateAuthorityData = CertificateAuthorityData(cluster),
                    }
                    : null,
            },
        };
        return new ExecCredentialSource(exec, origin, JsonSerializer.Serialize(info, ExecCredentialJsonContext.Default.ExecCredential), time);
    }

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_cached) is { } fetched)
            {
                return fetched;
            }

            var credential = await RunAsync(cancellationToken).ConfigureAwait(false);
            _cached = credential;
            return credential.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _cached = null;

    private string? Fresh(Credential? credential) =>
        credential is not null && (credential.Expiry is null || _time.GetUtcNow() < credential.Expiry - ExpiryMargin)
            ? credential.Token
            : null;

    private async Task<Credential> RunAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_exec.Command!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _exec.Args ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in _exec.Env ?? [])
        {
            if (!string.IsNullOrEmpty(variable.Name))
            {
                start.Environment[variable.Name] = variable.Value ?? "";
            }
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = _execInfo;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var hint = string.IsNullOrWhiteSpace(_exec.InstallHint) ? "" : $" {_exec.InstallHint.Trim()}";
            throw new KubernetesConfigurationException($"{_origin}: exec plugin '{_exec.Command}' cannot be started: {e.Message}.{hint}", e);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stdout = await output.ConfigureAwait(false);
        var stderr = (await errors.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new KubernetesConfigurationException(
                $"{_origin}: exec plugin '{_exec.Command}' exited with code {process.ExitCode}{(stderr.Length > 0 ? $": {stderr}" : ".")}");
        }

        return Parse(stdout);
    }

    private Credential Parse(string stdout)
    {
        ExecCredential? credential;
        try
        {
            credential = JsonSerializer.Deserialize(stdout, ExecCredentialJsonContext.Default.ExecCredential);
        }
        catch (JsonException e)
        {
            throw new KubernetesConfigurationException($"{_origin}: exec plugin '{_exec.Command}' did not print an ExecCredential: {e.Message}", e);
        }

        if (credential is not { Kind: "ExecCredential" } || credential.ApiVersion != _exec.ApiVersion)
        {
            throw new KubernetesConfigurationException(
                $"{_origin}: exec plugin '{_exec.Command}' printed kind '{credential?.Kind}' apiVersion '{credential?.ApiVersion}'; expected an ExecCredential of {_exec.ApiVersion}.");
        }

        if (string.IsNullOrWhiteSpace(credential.Status?.Token))
        {
            throw new KubernetesConfigurationException(
                $"{_origin}: exec plugin '{_exec.Command}' returned no token; client certificates from exec plugins are not supported.");
        }

        return new Credential(credential.Status.Token, credential.Status.ExpirationTimestamp);
    }

    private static string? CertificateAuthorityData(KubeCluster cluster) =>
        !string.IsNullOrWhiteSpace(cluster.CertificateAuthorityData) ? cluster.CertificateAuthorityData.Trim()
        : !string.IsNullOrWhiteSpace(cluster.CertificateAuthority) && File.Exists(cluster.CertificateAuthority)
            ? Convert.ToBase64String(File.ReadAllBytes(cluster.CertificateAuthority))
            : null;

    private sealed record Credential(string Token, DateTimeOffset? Expiry);
}
