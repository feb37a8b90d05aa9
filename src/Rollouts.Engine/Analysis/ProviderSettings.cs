using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;
using Rollouts.Engine.Providers.Web;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Turns a metric's provider block into what a provider is asked: the address (the template's, else the
/// host's default Prometheus), checked against the address policy before any request, credentials and CA
/// certificates read from Secrets, headers and timeouts. What cannot be worked out is an error naming the field;
/// such errors do not go away by retrying, so the run ends on them.
/// </summary>
internal sealed class ProviderSettings(AddressPolicy policy, ProviderDefaults defaults)
{

    public async Task<(PrometheusQuery? Query, string? Error)> PrometheusAsync(
        PrometheusMetric metric, string path, IReadOnlyDictionary<string, string> args, SecretReader secrets, CancellationToken cancellationToken)
    {
        var address = Address(metric.Address, defaults.PrometheusAddress, defaults.NoPrometheusAddress("provider.prometheus.address"), $"{path}.address", args);
        if (address.Error is not null)
        {
            return (null, address.Error);
        }

        TimeSpan? timeout = null;
        if (metric.Timeout is { } written)
        {
            if (!Durations.TryParse(written, out var parsed, out var durationError))
            {
                return (null, $"{path}.timeout: {durationError}");
            }

            timeout = parsed;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = metric.Headers ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var value = ArgsTemplate.Substitute(list[i].Value ?? "", args);
            if (value.Error is not null)
            {
                return (null, $"{path}.headers[{i}].value: {value.Error}");
            }

            headers[list[i].Key ?? ""] = value.Text!;
        }

        var query = new PrometheusQuery(address.Value!, metric.Query ?? "") { Timeout = timeout, Headers = headers };
        return await SecuredAsync(query, metric.Authentication, metric.Tls, path, secrets, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(WebQuery? Query, string? Error)> WebAsync(
        WebMetric metric, string path, IReadOnlyDictionary<string, string> args, SecretReader secrets, CancellationToken cancellationToken)
    {
        var url = Address(metric.Url, null, $"{path}.url is required", $"{path}.url", args);
        if (url.Error is not null)
        {
            return (null, url.Error);
        }

        var tls = await TlsAsync(metric.Tls, $"{path}.tls", secrets, cancellationToken).ConfigureAwait(false);
        if (tls.Error is not null)
        {
            return (null, tls.Error);
        }

        // The provider substitutes the URL and the header values itself.
        var query = new WebQuery(metric.Url!, metric.JsonPath ?? "$")
        {
            Headers = (metric.Headers ?? []).Where(h => h.Key is not null)
                .GroupBy(h => h.Key!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.OrdinalIgnoreCase),
            Timeout = TimeSpan.FromSeconds(metric.TimeoutSeconds ?? AnalysisDefaults.WebTimeoutSeconds),
            CaPem = tls.CaPem,
            InsecureSkipVerify = tls.Insecure,
        };
        return (query, null);
    }

    /// <summary>The canary's and the baseline's range queries of a judge metric.</summary>
    public async Task<(PrometheusQuery? Canary, PrometheusQuery? Baseline, string? Error)> JudgeAsync(
        JudgeMetric metric, string path, IReadOnlyDictionary<string, string> args, SecretReader secrets, CancellationToken cancellationToken)
    {
        var address = Address(metric.Address, defaults.PrometheusAddress, defaults.NoPrometheusAddress("provider.judge.address"), $"{path}.address", args);
        if (address.Error is not null)
        {
            return (null, null, address.Error);
        }

        var (canary, error) = await SecuredAsync(new PrometheusQuery(address.Value!, metric.CanaryQuery ?? ""), metric.Authentication, metric.Tls, path, secrets,
            cancellationToken).ConfigureAwait(false);
        return canary is null ? (null, null, error) : (canary, canary with { Query = metric.BaselineQuery ?? "" }, null);
    }

    /// <summary>The address with its arguments in place, when the policy lets it be called.</summary>
    private Resolution Address(string? written, string? fallback, string missing, string field, IReadOnlyDictionary<string, string> args)
    {
        var template = string.IsNullOrWhiteSpace(written) ? fallback : written;
        if (template is null)
        {
            return Resolution.Failed(missing);
        }

        var address = ArgsTemplate.Substitute(template, args);
        if (address.Error is not null)
        {
            return Resolution.Failed($"{field}: {address.Error}");
        }

        return policy.Refusal(address.Text!) is { } refusal
            ? Resolution.Failed($"{field}: {refusal}; {defaults.HowToAllowAddress}")
            : Resolution.Done(address.Text!);
    }

    private static async Task<(PrometheusQuery? Query, string? Error)> SecuredAsync(PrometheusQuery query, PrometheusAuthentication? authentication,
        TlsSettings? tlsSettings, string path, SecretReader secrets, CancellationToken cancellationToken)
    {
        if (authentication?.Bearer is { } bearer)
        {
            var token = await secrets.ValueAsync(bearer.SecretKeyRef, $"{path}.authentication.bearer.secretKeyRef", cancellationToken).ConfigureAwait(false);
            if (token.Error is not null)
            {
                return (null, token.Error);
            }

            query = query with { BearerToken = token.Value };
        }
        else if (authentication?.Basic is { } basic)
        {
            var user = await secrets.ValueAsync(basic.UsernameSecretKeyRef, $"{path}.authentication.basic.usernameSecretKeyRef", cancellationToken).ConfigureAwait(false);
            var password = user.Error is null
                ? await secrets.ValueAsync(basic.PasswordSecretKeyRef, $"{path}.authentication.basic.passwordSecretKeyRef", cancellationToken).ConfigureAwait(false)
                : default;
            if ((user.Error ?? password.Error) is { } error)
            {
                return (null, error);
            }

            query = query with { BasicAuth = new BasicAuthCredentials(user.Value!, password.Value!) };
        }

        var tls = await TlsAsync(tlsSettings, $"{path}.tls", secrets, cancellationToken).ConfigureAwait(false);
        return tls.Error is not null ? (null, tls.Error) : (query with { CaPem = tls.CaPem, InsecureSkipVerify = tls.Insecure }, null);
    }

    private static async Task<(string? CaPem, bool Insecure, string? Error)> TlsAsync(TlsSettings? tls, string path, SecretReader secrets,
        CancellationToken cancellationToken)
    {
        if (tls is null)
        {
            return (null, false, null);
        }

        var caPem = tls.CaBundle;
        if (tls.CaSecret is { } caSecret)
        {
            var ca = await secrets.ValueAsync(caSecret, $"{path}.caSecret", cancellationToken).ConfigureAwait(false);
            if (ca.Error is not null)
            {
                return (null, false, ca.Error);
            }

            caPem = ca.Value;
        }

        return (caPem, tls.InsecureSkipVerify == true, null);
    }
}
