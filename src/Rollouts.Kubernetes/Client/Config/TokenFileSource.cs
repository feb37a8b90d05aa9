namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// A token read from a file that is replaced while we run (a projected service-account token is
/// rotated by the kubelet). The file is read again once the cached copy is a minute old, or after a 401.
/// </summary>
internal sealed class TokenFileSource(string path, TimeProvider time) : ITokenSource
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private Cached? _cached;

    public string Path => path;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        var now = time.GetUtcNow();
        if (cached is not null && now - cached.ReadAt < RefreshInterval)
        {
            return cached.Token;
        }

        string token;
        try
        {
            token = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mid-rotation the file can be briefly missing; the token read last is still good for a while.
            return cached?.Token ?? throw new KubernetesConfigurationException($"Token file '{path}' cannot be read: {e.Message}", e);
        }

        if (token.Length == 0)
        {
            return cached?.Token ?? throw new KubernetesConfigurationException($"Token file '{path}' is empty.");
        }

        _cached = new Cached(token, now);
        return token;
    }

    public void Invalidate() => _cached = _cached is null ? null : _cached with { ReadAt = DateTimeOffset.MinValue };

    private sealed record Cached(string Token, DateTimeOffset ReadAt);
}
