using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Analysis;

/// <summary>Where a metric's measurements come from. Exactly one field is set.</summary>
public sealed record MetricProvider
{
    [Description("An instant query to Prometheus; the result is the vector of sample values.")]
    public PrometheusMetric? Prometheus { get; init; }

    [Description("An HTTP GET whose JSON response (or a part of it, by jsonPath) is the result.")]
    public WebMetric? Web { get; init; }

    [Description("Rollouts' statistical judge: canary against baseline over the same window (Mann-Whitney U).")]
    public JudgeMetric? Judge { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record PrometheusMetric
{
    [Description("Base URL of the Prometheus server, e.g. http://prometheus.monitoring:9090.")]
    public string? Address { get; init; }

    [Description("The PromQL query; {{args.name}} is replaced by the argument's value.")]
    [RequiredField]
    public string? Query { get; init; }

    [Description("How long a query may take: seconds (30) or 30s, 1m.")]
    public IntOrString? Timeout { get; init; }

    [Description("HTTP headers sent with each query.")]
    public IReadOnlyList<HttpHeader>? Headers { get; init; }

    [Description("Credentials sent with each query, read from a Secret.")]
    public PrometheusAuthentication? Authentication { get; init; }

    [Description("How the server's certificate is checked.")]
    public TlsSettings? Tls { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpHeader
{
    [Description("The header's name.")]
    [RequiredField]
    public string? Key { get; init; }

    [Description("The header's value; {{args.name}} is replaced by the argument's value.")]
    [RequiredField]
    public string? Value { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Credentials for Prometheus. Exactly one of <see cref="Bearer"/> or <see cref="Basic"/>.</summary>
public sealed record PrometheusAuthentication
{
    [Description("Send Authorization: Bearer with a token from a Secret.")]
    public BearerAuthentication? Bearer { get; init; }

    [Description("Send HTTP basic authentication with a user name and password from a Secret.")]
    public BasicAuthentication? Basic { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record BearerAuthentication
{
    [Description("The Secret key holding the token.")]
    [RequiredField]
    public SecretKeyReference? SecretKeyRef { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record BasicAuthentication
{
    [Description("The Secret key holding the user name.")]
    [RequiredField]
    public SecretKeyReference? UsernameSecretKeyRef { get; init; }

    [Description("The Secret key holding the password.")]
    [RequiredField]
    public SecretKeyReference? PasswordSecretKeyRef { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>How a server's certificate is checked: against a CA (from a Secret or written inline), or not at all.</summary>
public sealed record TlsSettings
{
    [Description("The Secret key holding the PEM certificate(s) of the CA that signed the server's certificate.")]
    public SecretKeyReference? CaSecret { get; init; }

    [Description("The PEM certificate(s) of the CA that signed the server's certificate, written inline.")]
    public string? CaBundle { get; init; }

    [Description("Do not check the server's certificate at all. For tests only.")]
    public bool? InsecureSkipVerify { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record WebMetric
{
    [Description("The URL; {{args.name}} is replaced by the argument's value.")]
    [RequiredField]
    public string? Url { get; init; }

    [Description("The HTTP method: GET (the default and the only one supported).")]
    [EnumValues("GET")]
    public string? Method { get; init; }

    [Description("HTTP headers sent with each request.")]
    public IReadOnlyList<HttpHeader>? Headers { get; init; }

    [Description("JSONPath of the result in the response, e.g. {$.data.ok}. Without it, the whole response.")]
    public string? JsonPath { get; init; }

    [Description("Seconds a request may take. Defaults to 10.")]
    [Minimum(1)]
    public int? TimeoutSeconds { get; init; }

    [Description("How the server's certificate is checked.")]
    public TlsSettings? Tls { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// A judge metric: the same Prometheus range query over the canary's and the baseline's pods, compared with a
/// Mann-Whitney U test. It passes unless the canary differs from the baseline in the harmful
/// <see cref="Direction"/> by more than <see cref="AllowedEffect"/>, at <see cref="ConfidenceLevel"/>.
/// </summary>
public sealed record JudgeMetric
{
    [Description("Base URL of the Prometheus server both queries go to.")]
    public string? Address { get; init; }

    [Description("Range query over the canary's pods, e.g. with rollouts_pod_template_hash=\"{{args.canary-hash}}\".")]
    [RequiredField]
    public string? CanaryQuery { get; init; }

    [Description("The same query over the baseline's (stable) pods.")]
    [RequiredField]
    public string? BaselineQuery { get; init; }

    [Description("How far back both queries look: 5m, 1h. Defaults to 5m.")]
    public IntOrString? Lookback { get; init; }

    [Description("Resolution of the range queries: 15s, 1m. Defaults to 15s; must be shorter than lookback.")]
    public IntOrString? Step { get; init; }

    [Description("Which change is harmful: Increase (errors, latency), Decrease (throughput) or Either. Defaults to Increase.")]
    [EnumValues(typeof(JudgeDirection))]
    public string? Direction { get; init; }

    [Description("Confidence required to call a difference real, between 0 and 1 exclusive. Defaults to 0.95.")]
    public double? ConfidenceLevel { get; init; }

    [Description("Relative difference tolerated even when real, e.g. 0.1 for 10%. Defaults to 0.1.")]
    public double? AllowedEffect { get; init; }

    [Description("Samples each side needs; with fewer the metric is Inconclusive. Defaults to 10.")]
    [Minimum(1)]
    public int? MinSamples { get; init; }

    [Description("Share of the judge's score this metric carries, relative to the other judge metrics. Defaults to 1.")]
    public double? Weight { get; init; }

    [Description("A failure of this metric fails the analysis whatever the score.")]
    public bool? Critical { get; init; }

    [Description("Credentials sent with each query, read from a Secret.")]
    public PrometheusAuthentication? Authentication { get; init; }

    [Description("How the server's certificate is checked.")]
    public TlsSettings? Tls { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Which change of a judge metric is harmful.</summary>
public static class JudgeDirection
{
    public const string Increase = "Increase";
    public const string Decrease = "Decrease";
    public const string Either = "Either";
}
