using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>Writing objects, lists and Status bodies as the real server does.</summary>
internal static class Responses
{
    public const string Json = "application/json";

    public static JsonObject Status(ApiError error)
    {
        var details = new JsonObject();
        if (error.Name is not null)
        {
            details["name"] = error.Name;
        }

        if (error.Group is not null)
        {
            details["group"] = error.Group;
        }

        if (error.Kind is not null)
        {
            details["kind"] = error.Kind;
        }

        if (!error.Causes.IsEmpty)
        {
            details["causes"] = new JsonArray([.. error.Causes.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                ["field"] = c.Field,
            })]);
        }

        if (error.RetryAfterSeconds is { } retry)
        {
            details["retryAfterSeconds"] = retry;
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
        };
        if (details.Count > 0)
        {
            status["details"] = details;
        }

        status["code"] = error.Code;
        return status;
    }

    public static Task WriteError(HttpContext context, ApiError error)
    {
        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        return WriteJson(context, Status(error), error.Code);
    }

    public static JsonObject Success(ResourceType type, StoredObject deleted) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject
        {
            ["name"] = deleted.Key.Name,
            ["group"] = type.Group,
            ["kind"] = type.Plural,
            ["uid"] = deleted.Uid,
        },
    };

    public static Task WriteJson(HttpContext context, JsonNode body, int code = 200, string contentType = Json) =>
        WriteBytes(context, SandboxJson.ToUtf8Bytes(body), code, contentType);

    public static async Task WriteBytes(HttpContext context, byte[] body, int code = 200, string contentType = Json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The stored JSON of an object as served at <paramref name="type"/>'s version.</summary>
    public static byte[] ObjectBytes(ResourceType type, StoredObject obj)
    {
        if (!type.IsCustom || obj.ApiVersion == type.ApiVersion)
        {
            return obj.Json;
        }

        var converted = obj.ToJsonObject();
        converted["apiVersion"] = type.ApiVersion;
        return SandboxJson.ToUtf8Bytes(converted);
    }

    public static Task WriteObject(HttpContext context, ResourceType type, StoredObject obj, int code = 200) =>
        WriteBytes(context, ObjectBytes(type, obj), code);

    /// <summary>Writes a list, streaming each stored object's bytes without re-serializing them.</summary>
    public static async Task WriteList(HttpContext context, ResourceType type, ListResult list)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = Json;
        var stream = context.Response.Body;
        await using var writer = new Utf8JsonWriter(stream, SandboxJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind", type.EffectiveListKind);
        writer.WriteString("apiVersion", type.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", list.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        if (list.Continue is not null)
        {
            writer.WriteString("continue", list.Continue);
        }

        if (list.RemainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount", remaining);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            writer.WriteRawValue(ObjectBytes(type, item), skipInputValidation: true);
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
