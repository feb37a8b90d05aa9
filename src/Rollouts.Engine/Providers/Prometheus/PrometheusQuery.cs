using System.Text;

namespace Rollouts.Engine.Providers.Prometheus;

/// <summary>A metric's <c>provider.prometheus</c> settings, with Secrets already resolved by the caller.</summary>
/// <param name="Address">The server's base URL, e.g. <c>http://prometheus.monitoring:9090</c> (a path prefix is kept).</param>
/// <param name="Query">PromQL, with <c>{{args.name}}</c> placeholders.</param>
public sealed record PrometheusQuery(string Address, string Query)
{
    /// <summary>How long one query may take, end to end; null means <see cref="ProviderHttp.DefaultTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra request headers (for example a tenant header).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Sent as <c>Authorization: Bearer …</c>; wins over <see cref="BasicAuth"/>.</summary>
    public string? BearerToken { get; init; }

    public BasicAuthCredentials? BasicAuth { get; init; }

    /// <summary>PEM certificates to trust for an https address, instead of the system's roots.</summary>
    public string? CaPem { get; init; }

    public bool InsecureSkipVerify { get; init; }

    /// <summary>Insert argument values exactly as given (see <see cref="ArgsTemplate"/>); the template author then escapes them.</summary>
    public bool VerbatimArgs { get; init; }

    internal ProviderTls Tls => new(CaPem, InsecureSkipVerify);

    // Secrets stay out of the text form, which ends up in logs and exception messages.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Address = ").Append(Address).Append(", Query = ").Append(Query).Append(", Timeout = ").Append(Timeout);
        return true;
    }
}

/// <summary>The window and resolution of a range query.</summary>
public sealed record PrometheusRange(DateTimeOffset Start, DateTimeOffset End, TimeSpan Step);
