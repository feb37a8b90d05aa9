using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;
using Rollouts.Engine.Providers.Web;

namespace Rollouts.Cli.Analysis;

/// <summary>One metric measured once: its value and verdict as an analysis run would record them.</summary>
internal sealed record MetricVerdict(string Metric, string Phase, string Value, string Message);

/// <summary>
/// <c>analyze -f TEMPLATE</c>: measures each metric of a template once, now, with the real provider, and judges
/// the value with the metric's conditions, as the operator's analysis runner does.
/// </summary>
internal static class AnalyzeRunner
{
    public static async Task<IReadOnlyList<MetricVerdict>> RunAsync(
        AnalysisTemplateSpec spec, IReadOnlyDictionary<string, string> given, AnalysisSecrets? secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var args = Arguments(spec, given);
        foreach (var argument in spec.Args ?? [])
        {
            if (argument.Name is { } name && !given.ContainsKey(name) && argument.ValueFrom?.SecretKeyRef is { } reference && secrets is not null)
            {
                args[name] = await secrets.ValueAsync(name, reference, cancellationToken).ConfigureAwait(false);
            }
        }

        using var http = new ProviderHttp(AddressPolicy.Any);
        var prometheus = new PrometheusProvider(http, time);
        var web = new WebProvider(http, time);
        var verdicts = new List<MetricVerdict>();
        foreach (var metric in spec.Metrics ?? [])
        {
            var started = time.GetUtcNow();
            ProviderOutcome outcome;
            if (metric.Provider?.Prometheus is { } p)
            {
                outcome = await prometheus.MeasureAsync(new PrometheusQuery(p.Address ?? "", p.Query ?? "")
                {
                    Timeout = p.Timeout is { } t && Durations.TryParse(t, out var timeout, out _) ? timeout : null,
                    Headers = Headers(p.Headers),
                    CaPem = p.Tls?.CaBundle,
                    InsecureSkipVerify = p.Tls?.InsecureSkipVerify == true,
                }, args, cancellationToken).ConfigureAwait(false);
            }
            else if (metric.Provider?.Web is { } w)
            {
                outcome = await web.MeasureAsync(new WebQuery(w.Url ?? "", w.JsonPath ?? "")
                {
                    Timeout = w.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Headers = Headers(w.Headers),
                    CaPem = w.Tls?.CaBundle,
                    InsecureSkipVerify = w.Tls?.InsecureSkipVerify == true,
                }, args, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                verdicts.Add(new MetricVerdict(metric.Name ?? "", AnalysisPhase.Error, "-",
                    "analyze measures prometheus and web metrics; run judge metrics through a Rollout"));
                continue;
            }

            var measurement = MeasurementEvaluator.Evaluate(metric, outcome, started, time.GetUtcNow());
            verdicts.Add(new MetricVerdict(metric.Name ?? "", measurement.Phase ?? AnalysisPhase.Error, measurement.Value ?? "-", measurement.Message ?? ""));
        }

        return verdicts;
    }

    /// <summary>
    /// The template's arguments: given with --arg, else the template's value; a missing one is an error naming it.
    /// Those from a Secret (valueFrom.secretKeyRef) are left for <see cref="AnalysisSecrets"/> to read.
    /// </summary>
    public static Dictionary<string, string> Arguments(AnalysisTemplateSpec spec, IReadOnlyDictionary<string, string> given)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var argument in spec.Args ?? [])
        {
            var name = argument.Name ?? "";
            if (given.TryGetValue(name, out var value) || argument.Value is { } defaultValue && (value = defaultValue) is not null)
            {
                args[name] = value;
            }
            else if (argument.ValueFrom?.SecretKeyRef is not null)
            {
                continue;
            }
            else
            {
                missing.Add(name);
            }
        }

        var unknown = given.Keys.Where(k => !(spec.Args ?? []).Any(a => a.Name == k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"--arg {string.Join(", ", unknown)}: the template has no such argument; its arguments are: {string.Join(", ", (spec.Args ?? []).Select(a => a.Name))}");
        }

        if (missing.Count > 0)
        {
            throw new CliException($"the template's argument{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} need{(missing.Count > 1 ? "" : "s")} a value: add --arg {missing[0]}=VALUE");
        }

        return args;
    }

    private static Dictionary<string, string> Headers(IReadOnlyList<HttpHeader>? headers) =>
        (headers ?? []).Where(h => h.Key is not null).ToDictionary(h => h.Key!, h => h.Value ?? "", StringComparer.OrdinalIgnoreCase);

    public static string Describe(MetricVerdict verdict) =>
        string.Create(CultureInfo.InvariantCulture, $"{verdict.Metric}\t{verdict.Phase}\t{verdict.Value}\t{verdict.Message}");
}
