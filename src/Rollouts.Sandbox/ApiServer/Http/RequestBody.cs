using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Sandbox.ApiServer.Protobuf;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>Reading request bodies: JSON or YAML, and protobuf for the few kinds <see cref="ProtobufObjects"/> reads (415 otherwise).</summary>
internal static class RequestBody
{
    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body as a JSON object (create, update).</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var mediaType = MediaType(request);
        if (mediaType == ProtobufObjects.MediaType)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return ProtobufObjects.Decode(buffer.ToArray());
        }

        if (mediaType.Contains("protobuf", StringComparison.Ordinal))
        {
            throw ApiError.UnsupportedMediaType(request.ContentType ?? "");
        }

        var text = await ReadTextAsync(request).ConfigureAwait(false);
        var node = mediaType is "application/yaml" or "application/x-yaml" ? YamlToJson.Parse(text) : ParseJson(text);
        return node as JsonObject ?? throw ApiError.BadRequest("the body of the request must be a JSON object");
    }

    public static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }

    public static string MediaType(HttpRequest request)
    {
        var contentType = request.ContentType ?? "application/json";
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
