using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Discovery;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>/version, health, discovery (aggregated when asked for, legacy otherwise), OpenAPI v3 and an empty OpenAPI v2.</summary>
internal sealed class DiscoveryEndpoints(ResourceCatalog catalog)
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>Answers the request when its path is one of these documents; false otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, string path)
    {
        var registry = catalog.Registry;
        var aggregated = context.Request.Headers.Accept.ToString().Contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", StringComparison.Ordinal);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["version"]:
                await Responses.WriteJson(context, VersionDocument.Create()).ConfigureAwait(false);
                return true;
            case ["healthz" or "livez" or "readyz"]:
                await Responses.WriteBytes(context, "ok"u8.ToArray(), 200, "text/plain; charset=utf-8").ConfigureAwait(false);
                return true;
            case ["api"] when aggregated:
                await Responses.WriteJson(context, AggregatedDiscovery.ForCoreGroup(registry), 200, AggregatedContentType).ConfigureAwait(false);
                return true;
            case ["api"]:
                await Responses.WriteJson(context, LegacyDiscovery.ApiVersions(registry, $"{context.Request.Host}")).ConfigureAwait(false);
                return true;
            case ["apis"] when aggregated:
                await Responses.WriteJson(context, AggregatedDiscovery.ForNamedGroups(registry), 200, AggregatedContentType).ConfigureAwait(false);
                return true;
            case ["apis"]:
                await Responses.WriteJson(context, LegacyDiscovery.ApiGroupList(registry)).ConfigureAwait(false);
                return true;
            case ["api", var version]:
                return await WriteOrNotFound(context, LegacyDiscovery.ApiResourceList(registry, "", version)).ConfigureAwait(false);
            case ["apis", var group]:
                return await WriteOrNotFound(context, LegacyDiscovery.ApiGroup(registry, group)).ConfigureAwait(false);
            case ["apis", var group, var version]:
                return await WriteOrNotFound(context, LegacyDiscovery.ApiResourceList(registry, group, version)).ConfigureAwait(false);
            case ["openapi", "v3"]:
                await Responses.WriteBytes(context, OpenApiV3Documents.For(registry).RootUtf8).ConfigureAwait(false);
                return true;
            case ["openapi", "v3", ..]:
                var document = OpenApiV3Documents.For(registry).GroupVersionUtf8(string.Join('/', segments[2..]));
                if (document is null)
                {
                    throw new Errors.ApiError(404, "NotFound", "the server could not find the requested resource");
                }

                await Responses.WriteBytes(context, document).ConfigureAwait(false);
                return true;
            case ["openapi", "v2"] when OpenApiV2Document.WantsProtobuf(context.Request.Headers.Accept.ToString()):
                await Responses.WriteBytes(context, OpenApiV2Document.Protobuf(), 200, OpenApiV2Document.ProtobufContentType).ConfigureAwait(false);
                return true;
            case ["openapi", "v2"]:
                await Responses.WriteJson(context, OpenApiV2Document.Json()).ConfigureAwait(false);
                return true;
            case ["openapi", ..]:
                throw new Errors.ApiError(404, "NotFound", "the server could not find the requested resource");
            default:
                return false;
        }
    }

    private static async Task<bool> WriteOrNotFound(HttpContext context, System.Text.Json.Nodes.JsonObject? document)
    {
        if (document is null)
        {
            throw new Errors.ApiError(404, "NotFound", "the server could not find the requested resource");
        }

        await Responses.WriteJson(context, document).ConfigureAwait(false);
        return true;
    }
}
