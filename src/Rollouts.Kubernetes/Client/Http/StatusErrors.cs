using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>Turns a failed response into the matching <see cref="KubernetesApiException"/>.</summary>
internal static class StatusErrors
{
    private const int MaxMessageLength = 1000;

    public static KubernetesApiException FromResponse(ApiRequest request, HttpResponseMessage response, byte[] body, DateTimeOffset now)
    {
        var code = (int)response.StatusCode;
        var status = TryReadStatus(body) ?? Synthesize(response.StatusCode, response.ReasonPhrase, body);
        if (status.Code is null or 0)
        {
            status = status with { Code = code };
        }

        return KubernetesApiException.FromStatus(status, request.ToString(), RetryAfter(response.Headers.RetryAfter, now));
    }

    /// <summary>An ERROR event in a watch carries a Status in place of an object.</summary>
    public static KubernetesApiException FromWatchError(ApiRequest request, JsonElement payload)
    {
        Status? status = null;
        try
        {
            status = payload.Deserialize(KubernetesJsonContext.Default.Status);
        }
        catch (JsonException)
        {
            // Not a Status: described below from the raw payload.
        }

        status ??= new Status { Outcome = "Failure", Message = Truncate(payload.GetRawText()) };
        if (status.Code is null or 0)
        {
            status = status with { Code = 500, Reason = status.Reason ?? "InternalError" };
        }

        return KubernetesApiException.FromStatus(status, request.ToString());
    }

    private static Status? TryReadStatus(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var isStatus = document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String
                && kind.ValueEquals("Status");
            return isStatus ? document.RootElement.Deserialize(KubernetesJsonContext.Default.Status) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A proxy or load balancer may answer without a Status; describe the response as one.</summary>
    private static Status Synthesize(HttpStatusCode code, string? reasonPhrase, byte[] body)
    {
        var text = body.Length == 0 ? reasonPhrase ?? "" : Truncate(Encoding.UTF8.GetString(body).Trim());
        return new Status
        {
            Outcome = "Failure",
            Code = (int)code,
            Reason = ReasonFor(code),
            Message = text.Length == 0 ? $"the server answered {(int)code} with no explanation" : text,
        };
    }

    private static string? ReasonFor(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "BadRequest",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "NotFound",
        HttpStatusCode.MethodNotAllowed => "MethodNotAllowed",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.Gone => "Gone",
        HttpStatusCode.UnsupportedMediaType => "UnsupportedMediaType",
        HttpStatusCode.UnprocessableEntity => "Invalid",
        HttpStatusCode.TooManyRequests => "TooManyRequests",
        HttpStatusCode.InternalServerError => "InternalError",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        HttpStatusCode.GatewayTimeout => "Timeout",
        _ => null,
    };

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string Truncate(string text) => text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "...");
}
