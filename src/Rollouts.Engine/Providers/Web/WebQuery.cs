using System.Text;

namespace Rollouts.Engine.Providers.Web;

/// <summary>A metric's <c>provider.web</c> settings: GET <see cref="Url"/> and pick one value with <see cref="JsonPath"/>.</summary>
/// <param name="Url">The URL, with <c>{{args.name}}</c> placeholders; checked against the address policy after substitution.</param>
/// <param name="JsonPath">Where the value is, e.g. <c>$.data.value</c> or <c>$.items[0].x</c>.</param>
public sealed record WebQuery(string Url, string JsonPath)
{
    /// <summary>Request headers; their values may use <c>{{args.name}}</c> (for example a token from a Secret).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the request may take; null means <see cref="ProviderHttp.DefaultTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    public string? CaPem { get; init; }

    public bool InsecureSkipVerify { get; init; }

    /// <summary>Insert argument values exactly as given (see <see cref="ArgsTemplate"/>).</summary>
    public bool VerbatimArgs { get; init; }

    internal ProviderTls Tls => new(CaPem, InsecureSkipVerify);

    // Header values may hold credentials, so the text form leaves them out.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Url = ").Append(Url).Append(", JsonPath = ").Append(JsonPath).Append(", Timeout = ").Append(Timeout);
        return true;
    }
}
