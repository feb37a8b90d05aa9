namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// Supplies the bearer token of each request. Sources that read a file or run a credential plugin
/// cache the token and fetch a fresh one when it rotates or nears expiry.
/// </summary>
public interface ITokenSource
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>The server refused the token (401): drop any cached token so that the next request fetches one anew.</summary>
    void Invalidate();
}

/// <summary>A token that never changes, such as <c>token:</c> in a kubeconfig.</summary>
public sealed class StaticTokenSource : ITokenSource
{
    private readonly string _token;

    public StaticTokenSource(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token;
    }

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_token);

    public void Invalidate()
    {
    }
}
