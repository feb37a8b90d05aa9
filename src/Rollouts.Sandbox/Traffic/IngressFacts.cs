using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Traffic;

/// <summary>
/// What the traffic simulator reads from an Ingress, as ingress-nginx reads it: the first rule's host and path
/// and the service behind them (or the default backend), and whether it is a canary with a weight.
/// </summary>
internal sealed record IngressFacts
{
    public const string CanaryAnnotation = "nginx.ingress.kubernetes.io/canary";
    public const string CanaryWeightAnnotation = "nginx.ingress.kubernetes.io/canary-weight";
    public const string CanaryWeightTotalAnnotation = "nginx.ingress.kubernetes.io/canary-weight-total";
    public const int DefaultWeightTotal = 100;

    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public string Host { get; init; } = "";
    public string Path { get; init; } = "/";

    /// <summary>The backend service's name; null when the ingress names none.</summary>
    public string? Service { get; init; }

    public bool IsCanary { get; init; }

    /// <summary>canary-weight: requests out of <see cref="WeightTotal"/> this canary takes (0 when unset).</summary>
    public int Weight { get; init; }

    /// <summary>canary-weight-total, 100 unless set.</summary>
    public int WeightTotal { get; init; } = DefaultWeightTotal;

    /// <summary>Annotation values that could not be read, with their field paths, for the log.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public static IngressFacts Parse(StoredObject stored)
    {
        var ingress = stored.ToJsonObject();
        var annotations = JsonRead.Object(ingress, "metadata", "annotations");
        var problems = new List<string>();
        var isCanary = string.Equals(JsonRead.String(annotations, CanaryAnnotation), "true", StringComparison.OrdinalIgnoreCase);
        var total = ReadInt(annotations, CanaryWeightTotalAnnotation, DefaultWeightTotal, problems);
        if (total <= 0)
        {
            problems.Add($"metadata.annotations[{CanaryWeightTotalAnnotation}] must be greater than zero, not {total}; using {DefaultWeightTotal}");
            total = DefaultWeightTotal;
        }

        var weight = ReadInt(annotations, CanaryWeightAnnotation, 0, problems);
        if (weight < 0 || weight > total)
        {
            problems.Add($"metadata.annotations[{CanaryWeightAnnotation}] must be between 0 and {total}, not {weight}; clamped");
            weight = Math.Clamp(weight, 0, total);
        }

        var (host, path, service) = FirstBackend(ingress);
        return new IngressFacts
        {
            Namespace = stored.Key.Namespace,
            Name = stored.Key.Name,
            Host = host,
            Path = path,
            Service = service,
            IsCanary = isCanary,
            Weight = isCanary ? weight : 0,
            WeightTotal = total,
            Problems = problems,
        };
    }

    private static (string Host, string Path, string? Service) FirstBackend(JsonObject ingress)
    {
        foreach (var rule in JsonRead.Array(ingress, "spec", "rules").OfType<JsonObject>())
        {
            var host = JsonRead.String(rule, "host") ?? "";
            foreach (var path in JsonRead.Array(rule, "http", "paths").OfType<JsonObject>())
            {
                if (JsonRead.String(path, "backend", "service", "name") is { Length: > 0 } service)
                {
                    return (host, JsonRead.String(path, "path") ?? "/", service);
                }
            }

            return (host, "/", JsonRead.String(ingress, "spec", "defaultBackend", "service", "name"));
        }

        return ("", "/", JsonRead.String(ingress, "spec", "defaultBackend", "service", "name"));
    }

    private static int ReadInt(JsonObject? annotations, string name, int fallback, List<string> problems)
    {
        var text = JsonRead.String(annotations, name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"metadata.annotations[{name}] must be a whole number, not \"{text}\"; using {fallback}");
        return fallback;
    }
}
