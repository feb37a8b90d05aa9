using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>The verbs on one resource URL, after routing, authentication and fault injection.</summary>
internal sealed class ResourceEndpoints(ResourceOperations operations, TableWriter tables, WatchStreamer watches, BodyRecorder bodies, TimeProvider time)
{
    public async Task GetAsync(HttpContext context, ResourceType type, ApiPath path)
    {
        if (path.Subresource == "scale")
        {
            await Responses.WriteJson(context, operations.GetScale(type, path.Namespace, path.Name!)).ConfigureAwait(false);
            return;
        }

        RequireSubresource(type, path.Subresource);
        var obj = operations.Get(type, path.Namespace, path.Name!);
        if (TableWriter.Wants(context.Request))
        {
            await tables.WriteOneAsync(context, type, obj).ConfigureAwait(false);
            return;
        }

        await Responses.WriteObject(context, type, obj).ConfigureAwait(false);
    }

    public async Task ListAsync(HttpContext context, ResourceType type, ApiPath path)
    {
        var list = operations.List(type, path.Namespace, QueryOptions.List(context.Request));
        if (TableWriter.Wants(context.Request))
        {
            await tables.WriteListAsync(context, type, list).ConfigureAwait(false);
            return;
        }

        await Responses.WriteList(context, type, list).ConfigureAwait(false);
    }

    public Task WatchAsync(HttpContext context, ResourceType type, ApiPath path) => watches.ServeAsync(context, type, path.Namespace);

    public async Task CreateAsync(HttpContext context, ResourceType type, ApiPath path, string user)
    {
        if (path.Name is not null)
        {
            throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource ({type.QualifiedName}/{path.Subresource ?? path.Name})");
        }

        var body = await RequestBody.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (type.Group == "authentication.k8s.io" && type.Plural == "selfsubjectreviews")
        {
            await Responses.WriteJson(context, SelfSubjectReview(type, user), 201).ConfigureAwait(false);
            return;
        }

        var result = operations.Create(type, path.Namespace, body, QueryOptions.Write(context.Request, user));
        AddWarnings(context, result);
        await Responses.WriteObject(context, type, result.Object, 201).ConfigureAwait(false);
    }

    public async Task UpdateAsync(HttpContext context, ResourceType type, ApiPath path, string user)
    {
        var body = await RequestBody.ReadObjectAsync(context.Request).ConfigureAwait(false);
        var options = QueryOptions.Write(context.Request, user);
        if (path.Subresource == "scale")
        {
            await Responses.WriteJson(context, operations.UpdateScale(type, path.Namespace, path.Name!, _ => body, options)).ConfigureAwait(false);
            return;
        }

        RequireSubresource(type, path.Subresource);
        var result = operations.Update(type, path.Namespace, path.Name!, body, options, statusOnly: path.Subresource == "status");
        AddWarnings(context, result);
        await Responses.WriteObject(context, type, result.Object, result.Created ? 201 : 200).ConfigureAwait(false);
    }

    public async Task PatchAsync(HttpContext context, ResourceType type, ApiPath path, string user)
    {
        var kind = PatchKinds.FromContentType(context.Request.ContentType) ?? throw ApiError.UnsupportedMediaType(context.Request.ContentType ?? "");
        var body = await RequestBody.ReadTextAsync(context.Request).ConfigureAwait(false);
        bodies.Record(context.Request.Method, context.Request.Path, context.Request.ContentType, body, context.Request.Headers.UserAgent);
        var options = QueryOptions.Write(context.Request, user);
        var patchOptions = new PatchOptions
        {
            FieldManager = options.FieldManager,
            Force = context.Request.Query.ContainsKey("force") ? options.Force : null,
            ApiVersion = type.ApiVersion,
            Now = time.GetUtcNow(),
            IgnoreStatus = type.HasStatus && path.Subresource is null,
        };

        JsonObject Patch(JsonObject? live) => PatchApplier.Apply(kind, live, body, type.Kind, builtIn: !type.IsCustom, patchOptions);

        if (path.Subresource == "scale")
        {
            var scale = operations.UpdateScale(type, path.Namespace, path.Name!, current => Patch(current), options);
            await Responses.WriteJson(context, scale).ConfigureAwait(false);
            return;
        }

        RequireSubresource(type, path.Subresource);
        var result = operations.Patch(type, path.Namespace, path.Name!, Patch, options,
            statusOnly: path.Subresource == "status", apply: kind == PatchKind.Apply);
        AddWarnings(context, result);
        await Responses.WriteObject(context, type, result.Object, result.Created ? 201 : 200).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HttpContext context, ResourceType type, ApiPath path)
    {
        RequireSubresource(type, path.Subresource);
        var options = await ReadDeleteOptionsAsync(context.Request).ConfigureAwait(false);
        var result = operations.Delete(type, path.Namespace, path.Name!, options);
        if (result.Deleted)
        {
            await Responses.WriteJson(context, Responses.Success(type, result.Object)).ConfigureAwait(false);
            return;
        }

        await Responses.WriteObject(context, type, result.Object).ConfigureAwait(false);
    }

    public async Task DeleteCollectionAsync(HttpContext context, ResourceType type, ApiPath path)
    {
        var options = await ReadDeleteOptionsAsync(context.Request).ConfigureAwait(false);
        var list = operations.List(type, path.Namespace, QueryOptions.List(context.Request) with { Limit = null, Continue = null });
        foreach (var item in list.Items)
        {
            try
            {
                operations.Delete(type, item.Key.Namespace, item.Key.Name, options);
            }
            catch (ApiError e) when (e.Code == 404)
            {
                // Already gone.
            }
        }

        await Responses.WriteList(context, type, list).ConfigureAwait(false);
    }

    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpRequest request)
    {
        var options = new DeleteOptions
        {
            PropagationPolicy = QueryOptions.NullIfEmpty(request.Query["propagationPolicy"].ToString()),
            DryRun = QueryOptions.IsDryRun(request),
        };
        var text = await RequestBody.ReadTextAsync(request).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text) || RequestBody.ParseJson(text) is not JsonObject body)
        {
            return options;
        }

        return options with
        {
            PropagationPolicy = body["propagationPolicy"]?.GetValue<string>() ?? options.PropagationPolicy,
            PreconditionUid = body["preconditions"]?["uid"]?.GetValue<string>(),
            PreconditionResourceVersion = body["preconditions"]?["resourceVersion"]?.GetValue<string>(),
            DryRun = options.DryRun || (body["dryRun"] as JsonArray)?.Any(d => d?.GetValue<string>() == "All") == true,
        };
    }

    private static void RequireSubresource(ResourceType type, string? subresource)
    {
        if (subresource is null || (subresource == "status" && type.HasStatus))
        {
            return;
        }

        throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }

    private JsonObject SelfSubjectReview(ResourceType type, string user) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["creationTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow()) },
        ["status"] = new JsonObject
        {
            ["userInfo"] = new JsonObject
            {
                ["username"] = user,
                ["groups"] = user == Authenticator.Anonymous
                    ? new JsonArray("system:unauthenticated")
                    : new JsonArray("system:masters", "system:authenticated"),
            },
        },
    };

    private static void AddWarnings(HttpContext context, WriteResult result)
    {
        foreach (var warning in result.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
