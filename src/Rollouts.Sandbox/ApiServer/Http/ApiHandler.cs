using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>
/// Every request enters here: authentication, routing to discovery, OpenAPI, the sandbox's own admin
/// endpoints or a resource verb, fault injection, accounting, and a Status body for every error.
/// </summary>
internal sealed partial class ApiHandler(
    ResourceCatalog catalog,
    Authenticator authenticator,
    FaultInjector faults,
    RequestCounter counter,
    RequestLog log,
    ResourceEndpoints resources,
    DiscoveryEndpoints discovery,
    AdminEndpoints admin,
    TimeProvider time,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var verb = "";
        var resource = "";
        ApiPath? logged = null;
        var before = log.Enabled ? log.ResourceVersion : 0;
        try
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/sandbox/", StringComparison.Ordinal))
            {
                verb = "admin";
                await admin.HandleAsync(context, path).ConfigureAwait(false);
                return;
            }

            var user = authenticator.Authenticate(context.Request);
            if (await discovery.TryHandleAsync(context, path).ConfigureAwait(false))
            {
                verb = "discovery";
                return;
            }

            var apiPath = ApiPath.Parse(path) ?? throw new ApiError(404, "NotFound", "the server could not find the requested resource");
            var type = catalog.Registry.Find(apiPath.Group, apiPath.Version, apiPath.Resource)
                ?? throw new ApiError(404, "NotFound", "the server could not find the requested resource");
            resource = apiPath.Subresource is null ? type.Plural : $"{type.Plural}/{apiPath.Subresource}";
            logged = apiPath;
            verb = Verb(context.Request, apiPath);
            if (!type.Verbs.Contains(verb) && apiPath.Subresource is null)
            {
                throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource ({type.QualifiedName})");
            }

            var (latency, fault) = faults.Decide(verb, type.Plural);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, time, context.RequestAborted).ConfigureAwait(false);
            }

            if (fault is not null)
            {
                throw fault;
            }

            await DispatchAsync(context, verb, type, apiPath, user).ConfigureAwait(false);
        }
        catch (ApiError e)
        {
            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, ApiError.BadRequest($"the request could not be decoded: {e.Message}")).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("node", StringComparison.OrdinalIgnoreCase))
        {
            // A field of the wrong JSON type where the server reads a value (e.g. a number for a name).
            await WriteErrorAsync(context, ApiError.BadRequest($"the request could not be decoded: {e.Message}")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            LogInternalError(logger, e, context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, new ApiError(500, "InternalError", $"Internal error occurred: {e.Message}")).ConfigureAwait(false);
        }
        finally
        {
            if (verb is not ("" or "admin" or "discovery"))
            {
                counter.Record(verb, resource, context.Response.StatusCode);
                log.Record(verb, resource, logged?.Namespace, logged?.Name, context.Response.StatusCode, context.Request.Headers.UserAgent.ToString(), before);
            }
        }
    }

    private Task DispatchAsync(HttpContext context, string verb, ResourceType type, ApiPath path, string user) => verb switch
    {
        "get" => resources.GetAsync(context, type, path),
        "list" => resources.ListAsync(context, type, path),
        "watch" => resources.WatchAsync(context, type, path),
        "create" => resources.CreateAsync(context, type, path, user),
        "update" => resources.UpdateAsync(context, type, path, user),
        "patch" => resources.PatchAsync(context, type, path, user),
        "delete" => resources.DeleteAsync(context, type, path),
        "deletecollection" => resources.DeleteCollectionAsync(context, type, path),
        _ => throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource ({type.QualifiedName})"),
    };

    /// <summary>The Kubernetes verb of a request, as RBAC and audit name it.</summary>
    private static string Verb(HttpRequest request, ApiPath path) => request.Method switch
    {
        "GET" when path.Name is not null => request.Query["watch"] is ["true" or "1"] ? "watch" : "get",
        "GET" => request.Query["watch"] is ["true" or "1"] ? "watch" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when path.Name is not null => "delete",
        "DELETE" => "deletecollection",
        _ => "unknown",
    };

    private static async Task WriteErrorAsync(HttpContext context, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Headers.Remove("Warning");
        await Responses.WriteError(context, error).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Internal error serving {Method} {Path}")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string method, string path);
}
