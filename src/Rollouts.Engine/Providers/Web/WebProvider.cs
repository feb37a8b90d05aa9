using System.Text.Json;

namespace Rollouts.Engine.Providers.Web;

/// <summary>
/// GETs a URL and picks one value from its JSON answer. A number (or a string holding one, "NaN" and "±Inf"
/// included) becomes a scalar; another string or a boolean becomes a string result; null, objects and arrays
/// are errors, since no condition could compare them.
/// </summary>
public sealed class WebProvider(ProviderHttp http, TimeProvider timeProvider) : IMetricProvider<WebQuery>
{
    public WebProvider(ProviderHttp http)
        : this(http, TimeProvider.System)
    {
    }

    public async Task<ProviderOutcome> MeasureAsync(WebQuery query, IReadOnlyDictionary<string, string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!JsonPath.TryParse(query.JsonPath, out var path, out var pathError))
        {
            return ProviderOutcome.Failure(pathError!);
        }

        var url = ArgsTemplate.Substitute(query.Url, args, query.VerbatimArgs);
        if (url.Error is not null)
        {
            return ProviderOutcome.Failure(url.Error);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, template) in query.Headers)
        {
            var value = ArgsTemplate.Substitute(template, args, query.VerbatimArgs);
            if (value.Error is not null)
            {
                return ProviderOutcome.Failure($"header {name}: {value.Error}");
            }

            headers[name] = value.Text!;
        }

        var exchange = await http.SendAsync(url.Text!, address =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Accept.ParseAdd("application/json");
            ProviderHttp.Authorize(request, headers, bearerToken: null, basicAuth: null);
            return request;
        }, query.Tls, query.Timeout, cancellationToken).ConfigureAwait(false);

        if (exchange.Error is not null)
        {
            return ProviderOutcome.Failure(exchange.Error);
        }

        if (!exchange.IsSuccess)
        {
            return ProviderOutcome.Failure($"web server answered {(int)exchange.Status} {exchange.Status}: {exchange.Snippet()}");
        }

        return Pick(exchange.Body, path!, timeProvider.GetUtcNow());
    }

    internal static ProviderOutcome Pick(byte[] body, JsonPath path, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return ProviderOutcome.Failure($"web server's answer is not JSON: {e.Message}");
        }

        using (document)
        {
            if (!path.TrySelect(document.RootElement, out var value, out var missing))
            {
                return ProviderOutcome.Failure(missing!);
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    return ProviderOutcome.Success(QueryResult.Scalar(now, value.GetDouble()));
                case JsonValueKind.String:
                    var text = value.GetString()!;
                    return SampleValues.TryParse(text, out var number)
                        ? ProviderOutcome.Success(QueryResult.Scalar(now, number))
                        : ProviderOutcome.Success(new QueryResult(ResultKind.String, [], BoundedText.Cut(text, ProviderOutcome.MaxMessageLength)));
                case JsonValueKind.True or JsonValueKind.False:
                    return ProviderOutcome.Success(new QueryResult(ResultKind.String, [], value.ValueKind == JsonValueKind.True ? "true" : "false"));
                default:
                    return ProviderOutcome.Failure($"jsonPath {path} selected {value.ValueKind.ToString().ToLowerInvariant()}; it must select a number or a string");
            }
        }
    }
}
