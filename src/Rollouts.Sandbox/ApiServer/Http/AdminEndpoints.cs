using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>
/// The sandbox's own endpoints, for benchmarks and scripts in another process (tests in the same process use
/// <see cref="FaultInjector"/> and <see cref="RequestCounter"/> directly):
/// GET/DELETE /sandbox/v1/requests, POST/DELETE /sandbox/v1/faults, POST /sandbox/v1/watchfaults,
/// POST /sandbox/v1/compact.
/// </summary>
internal sealed class AdminEndpoints(FaultInjector faults, RequestCounter counter, ObjectStore store)
{
    public async Task HandleAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        switch (path, method)
        {
            case ("/sandbox/v1/requests", "GET"):
                var counts = new JsonArray([.. counter.Snapshot().OrderBy(kv => kv.Key.Resource, StringComparer.Ordinal).ThenBy(kv => kv.Key.Verb, StringComparer.Ordinal)
                    .Select(kv => (JsonNode)new JsonObject
                    {
                        ["verb"] = kv.Key.Verb,
                        ["resource"] = kv.Key.Resource,
                        ["code"] = kv.Key.Code,
                        ["count"] = kv.Value,
                    })]);
                await Responses.WriteJson(context, new JsonObject { ["requests"] = counts }).ConfigureAwait(false);
                return;
            case ("/sandbox/v1/requests", "DELETE"):
                counter.Reset();
                break;
            case ("/sandbox/v1/faults", "POST"):
                faults.Add(ReadRule(await ReadAsync(context).ConfigureAwait(false)));
                break;
            case ("/sandbox/v1/faults", "DELETE"):
                faults.Clear();
                break;
            case ("/sandbox/v1/watchfaults", "POST"):
                var body = await ReadAsync(context).ConfigureAwait(false);
                faults.Add(new WatchFault
                {
                    Resource = body["resource"]?.GetValue<string>(),
                    AfterEvents = body["afterEvents"]?.GetValue<int>(),
                    AfterDuration = body["afterSeconds"] is { } seconds ? TimeSpan.FromSeconds(seconds.GetValue<double>()) : null,
                });
                break;
            case ("/sandbox/v1/compact", "POST"):
                store.Compact();
                break;
            default:
                throw new ApiError(404, "NotFound", $"no sandbox endpoint {method} {path}");
        }

        await Responses.WriteJson(context, new JsonObject { ["status"] = "Success", ["resourceVersion"] = store.ResourceVersion.ToString(CultureInfo.InvariantCulture) }).ConfigureAwait(false);
    }

    private static FaultRule ReadRule(JsonObject body) => new()
    {
        Verb = body["verb"]?.GetValue<string>(),
        Resource = body["resource"]?.GetValue<string>(),
        Latency = TimeSpan.FromMilliseconds(body["latencyMs"]?.GetValue<double>() ?? 0),
        ErrorRate = body["errorRate"]?.GetValue<double>() ?? 0,
        ErrorCode = body["code"]?.GetValue<int>() ?? 500,
        RetryAfterSeconds = body["retryAfterSeconds"]?.GetValue<int>(),
        Times = body["times"]?.GetValue<int>(),
    };

    private static async Task<JsonObject> ReadAsync(HttpContext context) =>
        RequestBody.ParseJson(await RequestBody.ReadTextAsync(context.Request).ConfigureAwait(false)) as JsonObject
        ?? throw ApiError.BadRequest("expected a JSON object");
}
