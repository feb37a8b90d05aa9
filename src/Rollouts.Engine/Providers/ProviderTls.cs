namespace Rollouts.Engine.Providers;

/// <summary>How a provider's server certificate is checked. Equal settings share one connection pool.</summary>
/// <param name="CaPem">PEM certificates to trust instead of the system's roots, or null for the system's roots.</param>
/// <param name="InsecureSkipVerify">Accept any server certificate (for tests and trusted networks only).</param>
public sealed record ProviderTls(string? CaPem = null, bool InsecureSkipVerify = false)
{
    public static readonly ProviderTls Default = new();
}

/// <summary>A user name and password for HTTP basic authentication. Its text form hides the password.</summary>
public sealed record BasicAuthCredentials(string Username, string Password)
{
    public override string ToString() => $"BasicAuthCredentials {{ Username = {Username}, Password = *** }}";
}
