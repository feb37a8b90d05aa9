using Rollouts.Api.Common;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Analysis;

// spec.metrics[i].provider.{prometheus,web,judge}.
public static partial class AnalysisValidation
{
    private static void ValidatePrometheus(PrometheusMetric prometheus, string path, FieldErrors errors)
    {
        errors.UnknownFields<PrometheusMetric>(path, prometheus.UnknownFields);
        ValidateAddress(prometheus.Address, Child(path, "address"), errors);
        if (string.IsNullOrWhiteSpace(prometheus.Query))
        {
            errors.Required(Child(path, "query"), "a prometheus metric needs a query, e.g. sum(rate(http_requests_total{code!~\"5..\"}[5m]))");
        }

        ValidateDuration(prometheus.Timeout, Child(path, "timeout"), allowZero: false, errors);
        ValidateHeaders(prometheus.Headers, Child(path, "headers"), errors);
        ValidateConnection(prometheus.Authentication, prometheus.Tls, path, errors);
    }

    private static void ValidateWeb(WebMetric web, string path, FieldErrors errors)
    {
        errors.UnknownFields<WebMetric>(path, web.UnknownFields);
        if (string.IsNullOrWhiteSpace(web.Url))
        {
            errors.Required(Child(path, "url"), "a web metric needs a url, e.g. http://checker.monitoring/ok?service={{args.service-name}}");
        }
        else
        {
            ValidateAddress(web.Url, Child(path, "url"), errors);
        }

        if (web.Method is { } method && method != "GET")
        {
            errors.Add(Child(path, "method"), ValidationReason.NotSupported, $"method \"{method}\" is not supported; a web metric sends GET");
        }

        errors.AtLeast(Child(path, "timeoutSeconds"), web.TimeoutSeconds, 1);
        ValidateHeaders(web.Headers, Child(path, "headers"), errors);
        ValidateConnection(authentication: null, web.Tls, path, errors);
    }

    private static void ValidateJudge(JudgeMetric judge, string path, FieldErrors errors)
    {
        errors.UnknownFields<JudgeMetric>(path, judge.UnknownFields);
        ValidateAddress(judge.Address, Child(path, "address"), errors);
        foreach (var (field, query, side) in new[] { ("canaryQuery", judge.CanaryQuery, "canary"), ("baselineQuery", judge.BaselineQuery, "baseline (stable)") })
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                errors.Required(Child(path, field), $"a judge metric needs {field}, the range query over the {side} pods");
            }
        }

        var lookback = ValidateDuration(judge.Lookback, Child(path, "lookback"), allowZero: false, errors);
        var step = ValidateDuration(judge.Step, Child(path, "step"), allowZero: false, errors);
        var effectiveLookback = judge.Lookback is null ? Durations.Parse(AnalysisDefaults.JudgeLookback) : lookback;
        var effectiveStep = judge.Step is null ? Durations.Parse(AnalysisDefaults.JudgeStep) : step;
        if (effectiveStep >= effectiveLookback)
        {
            errors.Add(Child(path, "step"), ValidationReason.Conflict,
                $"step ({Durations.Format(effectiveStep!.Value)}) is not shorter than lookback ({Durations.Format(effectiveLookback!.Value)}); the window would hold at most one sample");
        }

        if (judge.Direction is { } direction && direction is not (JudgeDirection.Increase or JudgeDirection.Decrease or JudgeDirection.Either))
        {
            errors.Add(Child(path, "direction"), ValidationReason.Invalid,
                $"\"{direction}\" is not a direction; use {JudgeDirection.Increase}, {JudgeDirection.Decrease} or {JudgeDirection.Either}");
        }

        if (judge.ConfidenceLevel is { } confidence && !(confidence > 0 && confidence < 1))
        {
            errors.OutOfRange(Child(path, "confidenceLevel"), $"confidenceLevel is {confidence}; it must be between 0 and 1 (exclusive), e.g. 0.95");
        }

        if (judge.AllowedEffect is { } effect && !(effect >= 0))
        {
            errors.OutOfRange(Child(path, "allowedEffect"), $"allowedEffect is {effect}; it must be 0 or more, e.g. 0.1 for 10%");
        }

        errors.AtLeast(Child(path, "minSamples"), judge.MinSamples, 1);
        if (judge.Weight is { } weight && !(weight > 0))
        {
            errors.OutOfRange(Child(path, "weight"), $"weight is {weight}; it must be more than 0");
        }

        ValidateConnection(judge.Authentication, judge.Tls, path, errors);
    }

    private static void ValidateAddress(string? address, string path, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Contains("{{", StringComparison.Ordinal))
        {
            return;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add(path, ValidationReason.InvalidFormat, $"\"{address}\" is not an http or https URL, e.g. http://prometheus.monitoring:9090");
        }
    }

    private static void ValidateHeaders(IReadOnlyList<HttpHeader>? headers, string path, FieldErrors errors)
    {
        headers ??= [];
        for (var i = 0; i < headers.Count; i++)
        {
            var header = Index(path, i);
            errors.UnknownFields<HttpHeader>(header, headers[i].UnknownFields);
            if (string.IsNullOrWhiteSpace(headers[i].Key))
            {
                errors.Required(Child(header, "key"), "each header needs a key, its name");
            }

            if (headers[i].Value is null)
            {
                errors.Required(Child(header, "value"), $"header \"{headers[i].Key}\" needs a value");
            }
        }
    }

    private static void ValidateConnection(PrometheusAuthentication? authentication, TlsSettings? tls, string path, FieldErrors errors)
    {
        if (authentication is { } auth)
        {
            var authPath = Child(path, "authentication");
            errors.UnknownFields<PrometheusAuthentication>(authPath, auth.UnknownFields);
            if ((auth.Bearer is null) == (auth.Basic is null))
            {
                errors.Add(authPath, ValidationReason.ExactlyOneOf,
                    $"authentication has {(auth.Bearer is null ? "nothing" : "bearer and basic")}; give exactly one of bearer or basic");
            }

            if (auth.Bearer is { } bearer)
            {
                errors.UnknownFields<BearerAuthentication>(Child(authPath, "bearer"), bearer.UnknownFields);
                RequiredSecret(bearer.SecretKeyRef, Child(authPath, "bearer.secretKeyRef"), "the token", errors);
            }

            if (auth.Basic is { } basic)
            {
                errors.UnknownFields<BasicAuthentication>(Child(authPath, "basic"), basic.UnknownFields);
                RequiredSecret(basic.UsernameSecretKeyRef, Child(authPath, "basic.usernameSecretKeyRef"), "the user name", errors);
                RequiredSecret(basic.PasswordSecretKeyRef, Child(authPath, "basic.passwordSecretKeyRef"), "the password", errors);
            }
        }

        if (tls is { } settings)
        {
            var tlsPath = Child(path, "tls");
            errors.UnknownFields<TlsSettings>(tlsPath, settings.UnknownFields);
            if (settings.CaSecret is not null && settings.CaBundle is not null)
            {
                errors.Add(tlsPath, ValidationReason.ExactlyOneOf, "tls has both caSecret and caBundle; give at most one");
            }

            if (settings.CaSecret is { } ca)
            {
                ValidateSecretKey(ca, Child(tlsPath, "caSecret"), errors);
            }

            if (settings.InsecureSkipVerify == true && (settings.CaSecret is not null || settings.CaBundle is not null))
            {
                errors.Add(Child(tlsPath, "insecureSkipVerify"), ValidationReason.Conflict,
                    "insecureSkipVerify turns off the certificate check that the CA is given for; remove one of them");
            }
        }
    }

    private static void RequiredSecret(SecretKeyReference? secret, string path, string what, FieldErrors errors)
    {
        if (secret is null)
        {
            errors.Required(path, $"give the Secret key holding {what}: {{name: ..., key: ...}}");
            return;
        }

        ValidateSecretKey(secret, path, errors);
    }
}
