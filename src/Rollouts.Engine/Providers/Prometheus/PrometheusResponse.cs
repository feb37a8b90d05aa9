using System.Net;
using System.Text.Json;

namespace Rollouts.Engine.Providers.Prometheus;

/// <summary>
/// Reads the Prometheus HTTP API's answer (<c>{"status", "data": {"resultType", "result"}, "errorType", "error"}</c>)
/// into a <see cref="ProviderOutcome"/>. Only the parts a measurement needs are kept; the raw body never is.
/// </summary>
internal static class PrometheusResponse
{
    public static ProviderOutcome Read(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return NotPrometheus(status, body);
            }

            var state = String(root, "status");
            if (state == "error" || (int)status is < 200 or >= 300)
            {
                var message = String(root, "error");
                if (message is null)
                {
                    return NotPrometheus(status, body);
                }

                var type = String(root, "errorType");
                return ProviderOutcome.Failure($"prometheus answered {(int)status}: {(type is null ? "" : type + ": ")}{message}");
            }

            if (state != "success" || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return NotPrometheus(status, body);
            }

            return ReadData(data);
        }
        catch (JsonException)
        {
            return NotPrometheus(status, body);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return ProviderOutcome.Failure($"prometheus answered with a malformed result: {e.Message}");
        }
    }

    private static ProviderOutcome ReadData(JsonElement data)
    {
        var type = String(data, "resultType");
        if (!data.TryGetProperty("result", out var result))
        {
            return ProviderOutcome.Failure("prometheus answered without data.result");
        }

        switch (type)
        {
            case "vector" when result.ValueKind == JsonValueKind.Array:
                return ProviderOutcome.Success(new QueryResult(ResultKind.Vector,
                    [.. result.EnumerateArray().Select(s => new MetricSeries(Labels(s), [Sample(s.GetProperty("value"))]))]));
            case "matrix" when result.ValueKind == JsonValueKind.Array:
                return ProviderOutcome.Success(new QueryResult(ResultKind.Matrix,
                    [.. result.EnumerateArray().Select(s => new MetricSeries(Labels(s), [.. s.GetProperty("values").EnumerateArray().Select(Sample)]))]));
            case "scalar":
                var sample = Sample(result);
                return ProviderOutcome.Success(QueryResult.Scalar(sample.Timestamp, sample.Value));
            case "string":
                return ProviderOutcome.Success(new QueryResult(ResultKind.String, [],
                    BoundedText.Cut(result[1].GetString() ?? "", ProviderOutcome.MaxMessageLength)));
            default:
                return ProviderOutcome.Failure($"prometheus answered with result type \"{type}\", which is not vector, matrix, scalar or string");
        }
    }

    /// <summary>A <c>[unixSeconds, "value"]</c> pair.</summary>
    private static MetricSample Sample(JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
        {
            throw new FormatException($"expected [time, \"value\"], found {pair.ValueKind}");
        }

        var seconds = pair[0].GetDouble();
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return new MetricSample(time, ParseValue(pair[1].GetString() ?? ""));
    }

    private static double ParseValue(string text) => SampleValues.TryParse(text, out var value)
        ? value
        : throw new FormatException($"\"{BoundedText.Cut(text, 64)}\" is not a sample value");

    private static Dictionary<string, string> Labels(JsonElement series)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (series.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in metric.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return labels;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ProviderOutcome NotPrometheus(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        var snippet = BoundedText.Cut(System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 1024)]).Trim(), 256);
        return ProviderOutcome.Failure(snippet.Length == 0
            ? $"server answered {(int)status} {status} with an empty body, not a Prometheus API response"
            : $"server answered {(int)status} {status}, not a Prometheus API response: {snippet}");
    }
}
