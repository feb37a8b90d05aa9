using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rollouts.Engine.Providers;

/// <summary>
/// The HTTP side shared by the providers: one pooled client per TLS configuration, the address policy, the
/// per-query timeout, and turning every transport failure into a message. Redirects are not followed (a redirect
/// could lead past the address policy) and no proxy is used.
/// </summary>
public sealed class ProviderHttp : IDisposable
{
    /// <summary>Used when a query gives no timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Larger responses are refused; a measurement never needs this much.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<ProviderTls, Lazy<HttpClient>> _clients = new();

    public ProviderHttp(AddressPolicy policy) => Policy = policy ?? throw new ArgumentNullException(nameof(policy));

    public AddressPolicy Policy { get; }

    /// <summary>
    /// Checks the address, sends the request built by <paramref name="build"/> and reads the whole response, within
    /// <paramref name="timeout"/> (null: <see cref="DefaultTimeout"/>).
    /// </summary>
    internal async Task<HttpExchange> SendAsync(string address, Func<Uri, HttpRequestMessage> build, ProviderTls tls, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        if (Policy.Refusal(address) is { } refusal)
        {
            return HttpExchange.Failed(refusal);
        }

        var uri = new Uri(address, UriKind.Absolute);
        HttpClient client;
        try
        {
            client = _clients.GetOrAdd(tls, t => new Lazy<HttpClient>(() => CreateClient(t))).Value;
        }
        catch (CryptographicException e)
        {
            _clients.TryRemove(tls, out _);
            return HttpExchange.Failed($"tls ca is not a valid PEM certificate: {e.Message}");
        }

        var limit = timeout is { } t && t > TimeSpan.Zero ? t : DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var target = AddressPolicy.Redacted(uri);
        try
        {
            using var request = build(uri);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            return new HttpExchange(response.StatusCode, body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpExchange.Failed($"request to {target} timed out after {Durations(limit)}");
        }
        catch (HttpRequestException e)
        {
            return HttpExchange.Failed($"request to {target} failed: {Innermost(e)}");
        }
    }

    /// <summary>Adds the headers, then the bearer token or basic credentials (which win over a header of the same name).</summary>
    internal static void Authorize(HttpRequestMessage request, IReadOnlyDictionary<string, string>? headers, string? bearerToken,
        BasicAuthCredentials? basicAuth)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (!string.IsNullOrEmpty(bearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        else if (basicAuth is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicAuth.Username}:{basicAuth.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    internal static string Durations(TimeSpan span) => span.TotalSeconds >= 1 && span.Milliseconds == 0
        ? $"{span.TotalSeconds:0} s"
        : $"{span.TotalMilliseconds:0} ms";

    private static string Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner == e ? e.Message : $"{e.Message} ({inner.Message})";
    }

    private static HttpClient CreateClient(ProviderTls tls)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (tls.InsecureSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (!string.IsNullOrWhiteSpace(tls.CaPem))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(tls.CaPem);
            if (roots.Count == 0)
            {
                throw new CryptographicException("no CERTIFICATE block found");
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(roots, certificate, errors);
        }

        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }
}

/// <summary>A response (status and body) or why there was none.</summary>
internal sealed record HttpExchange(HttpStatusCode Status, byte[] Body, string? Error)
{
    public static HttpExchange Failed(string error) => new(0, [], error);

    public bool IsSuccess => Error is null && (int)Status is >= 200 and < 300;

    /// <summary>The start of the body as text, for error messages (never the whole body).</summary>
    public string Snippet(int maxLength = 256) =>
        BoundedText.Cut(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, maxLength * 4)).Trim(), maxLength);
}
