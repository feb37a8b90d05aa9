namespace Rollouts.Engine.Providers;

/// <summary>
/// The provider addresses the operator may call, so that a template cannot send requests to the API server or
/// any other internal address. An empty list allows any http(s) address.
/// </summary>
/// <remarks>
/// An entry is either a URL prefix (<c>https://prometheus.monitoring:9090/api/</c>: scheme, host and port must be
/// equal and the path must start with the entry's path, at a segment boundary) or a <c>host</c> /
/// <c>host:port</c> (any scheme; without a port, any port). Addresses are compared after parsing, never as
/// strings, so user info (<c>http://allowed@other/</c>) or <c>..</c> segments do not get around an entry.
/// </remarks>
public sealed class AddressPolicy
{
    /// <summary>Allows every http(s) address.</summary>
    public static readonly AddressPolicy Any = new([]);

    private readonly IReadOnlyList<Entry> _entries;

    /// <exception cref="ArgumentException">An entry is neither an absolute http(s) URL nor a host[:port].</exception>
    public AddressPolicy(IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _entries = [.. allowed.Select(Entry.Parse)];
    }

    /// <summary>The entries as configured, for messages and logs.</summary>
    public IReadOnlyList<string> Allowed => [.. _entries.Select(e => e.Text)];

    /// <summary>Null when <paramref name="address"/> may be called; otherwise why not, naming the address.</summary>
    public string? Refusal(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"address \"{address}\" is not an absolute http or https URL";
        }

        if (_entries.Count == 0 || _entries.Any(e => e.Matches(uri)))
        {
            return null;
        }

        return $"address \"{Redacted(uri)}\" is not among the provider addresses the operator allows ({string.Join(", ", Allowed)}); no request was sent";
    }

    /// <summary>The address without user info or query, for messages.</summary>
    internal static string Redacted(Uri uri) => $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";

    private sealed record Entry(string Text, string? Scheme, string Host, int? Port, string Path)
    {
        public static Entry Parse(string text)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(text);
            var trimmed = text.Trim();
            if (trimmed.Contains("://", StringComparison.Ordinal))
            {
                if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                    || uri.UserInfo.Length > 0 || uri.Query.Length > 0)
                {
                    throw new ArgumentException($"allowed provider address \"{text}\" is not an http(s) URL prefix such as https://prometheus:9090/", nameof(text));
                }

                return new Entry(trimmed, uri.Scheme, uri.IdnHost, uri.Port, uri.AbsolutePath);
            }

            if (!Uri.TryCreate("http://" + trimmed, UriKind.Absolute, out var hostOnly) || hostOnly.AbsolutePath != "/" || hostOnly.UserInfo.Length > 0
                || hostOnly.Query.Length > 0)
            {
                throw new ArgumentException($"allowed provider address \"{text}\" is not a host or host:port such as prometheus.monitoring:9090", nameof(text));
            }

            var hasPort = hostOnly.Authority.Length > 0 && trimmed.EndsWith(":" + hostOnly.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            return new Entry(trimmed, null, hostOnly.IdnHost, hasPort ? hostOnly.Port : null, "/");
        }

        public bool Matches(Uri uri)
        {
            if (Scheme is not null && !string.Equals(Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (!string.Equals(Host, uri.IdnHost, StringComparison.OrdinalIgnoreCase) || (Port is { } port && port != uri.Port))
            {
                return false;
            }

            var path = uri.AbsolutePath;
            return Path == "/" || path == Path || path == Path.TrimEnd('/')
                || path.StartsWith(Path.EndsWith('/') ? Path : Path + "/", StringComparison.Ordinal);
        }
    }
}
