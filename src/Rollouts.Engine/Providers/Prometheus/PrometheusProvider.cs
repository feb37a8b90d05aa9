using System.Globalization;

namespace Rollouts.Engine.Providers.Prometheus;

/// <summary>
/// Asks Prometheus through its HTTP API: instant queries (<c>/api/v1/query</c>) for measurements, and range
/// queries (<c>/api/v1/query_range</c>) for the per-series samples the statistical judge compares. Queries are
/// sent as form posts, so long PromQL never meets a URL length limit, with Prometheus' own <c>timeout</c> set to
/// the query's timeout.
/// </summary>
public sealed class PrometheusProvider(ProviderHttp http, TimeProvider timeProvider) : IMetricProvider<PrometheusQuery>
{
    public PrometheusProvider(ProviderHttp http)
        : this(http, TimeProvider.System)
    {
    }

    /// <summary>Evaluates the query at the current time.</summary>
    public Task<ProviderOutcome> MeasureAsync(PrometheusQuery query, IReadOnlyDictionary<string, string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SendAsync(query, args, "api/v1/query", [("time", Time(timeProvider.GetUtcNow()))], cancellationToken);
    }

    /// <summary>Evaluates the query at every <see cref="PrometheusRange.Step"/> of the window; the result is a matrix.</summary>
    public Task<ProviderOutcome> QueryRangeAsync(PrometheusQuery query, IReadOnlyDictionary<string, string> args, PrometheusRange range,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(range);
        if (range.Step <= TimeSpan.Zero || range.End < range.Start)
        {
            return Task.FromResult(ProviderOutcome.Failure(
                $"range query needs start <= end and a positive step (start {range.Start:O}, end {range.End:O}, step {range.Step})"));
        }

        return SendAsync(query, args, "api/v1/query_range",
            [("start", Time(range.Start)), ("end", Time(range.End)), ("step", Seconds(range.Step))], cancellationToken);
    }

    private async Task<ProviderOutcome> SendAsync(PrometheusQuery query, IReadOnlyDictionary<string, string> args, string endpoint,
        (string Name, string Value)[] parameters, CancellationToken cancellationToken)
    {
        var promql = ArgsTemplate.Substitute(query.Query, args, query.VerbatimArgs);
        if (promql.Error is not null)
        {
            return ProviderOutcome.Failure(promql.Error);
        }

        var timeout = query.Timeout ?? ProviderHttp.DefaultTimeout;
        var form = new List<KeyValuePair<string, string>> { new("query", promql.Text!), new("timeout", Seconds(timeout)) };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

        var exchange = await http.SendAsync(query.Address, address =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(address, endpoint)) { Content = new FormUrlEncodedContent(form) };
            ProviderHttp.Authorize(request, query.Headers, query.BearerToken, query.BasicAuth);
            return request;
        }, query.Tls, timeout, cancellationToken).ConfigureAwait(false);

        return exchange.Error is not null
            ? ProviderOutcome.Failure(exchange.Error)
            : PrometheusResponse.Read(exchange.Status, exchange.Body);
    }

    /// <summary>The API endpoint under the address, keeping a path prefix (<c>http://host/prometheus</c>).</summary>
    private static Uri Endpoint(Uri address, string endpoint)
    {
        var baseUri = address.AbsolutePath.EndsWith('/') ? address : new Uri(address.GetLeftPart(UriPartial.Path) + "/");
        return new Uri(baseUri, endpoint);
    }

    private static string Time(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    // Prometheus reads a bare number as seconds, fractions included ("0.5"), which "0.5s" would not be.
    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
