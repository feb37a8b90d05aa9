using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>
/// The verbs of the API (get, create, update, patch, delete and the status and scale subresources) with the
/// rules the real server applies: metadata the server owns, generation, the status subresource, schema
/// defaults and validation, finalizers and optimistic concurrency. Every write goes through
/// <see cref="Write"/>, a read-compute-compare-and-swap loop on the store.
/// </summary>
public sealed partial class ResourceOperations
{
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly IResourceHooks _hooks;
    private readonly Random _random;

    public ResourceOperations(ObjectStore store, TimeProvider time, IResourceHooks hooks, Random? random = null)
    {
        _store = store;
        _time = time;
        _hooks = hooks;
        _random = random ?? new Random();
    }

    public ObjectStore Store => _store;

    public StoredObject Get(ResourceType type, string? ns, string name) =>
        _store.Get(type.StorageKey, Key(type, ns, name)) ?? throw NotFound(type, name);

    public WriteResult Create(ResourceType type, string? ns, JsonObject body, WriteOptions options) =>
        Create(type, ns, body, options, recordManager: true);

    /// <param name="recordManager">False for server-side apply, which has already recorded its manager.</param>
    private WriteResult Create(ResourceType type, string? ns, JsonObject body, WriteOptions options, bool recordManager)
    {
        var metadata = ObjectMetadata.Of(body);
        var bodyNamespace = metadata["namespace"]?.GetValue<string>();
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNamespace) && !string.IsNullOrEmpty(ns) && bodyNamespace != ns)
            {
                throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            ns = string.IsNullOrEmpty(ns) ? bodyNamespace : ns;
            if (string.IsNullOrEmpty(ns))
            {
                throw ApiError.BadRequest("the server could not find the requested resource: a namespace is required");
            }

            RequireNamespace(ns);
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        if (string.IsNullOrEmpty(metadata["name"]?.GetValue<string>()) && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            metadata["name"] = ObjectMetadata.GenerateName(prefix, _random);
        }

        var warnings = new List<string>();
        PrepareNew(type, body, options, warnings);
        if (recordManager)
        {
            body = RecordManager(type, null, body, options, subresource: null);
        }

        var name = metadata["name"]!.GetValue<string>();
        var key = Key(type, ns, name);
        var result = Write(type, key, options.DryRun, current =>
        {
            if (current is not null)
            {
                throw ApiError.AlreadyExists(type.QualifiedName, name, type.Group, type.Plural);
            }

            return WriteIntent.Put(body.DeepClone().AsObject());
        });
        return result with { Warnings = warnings };
    }

    /// <summary>PUT on the object (or its status subresource).</summary>
    public WriteResult Update(ResourceType type, string? ns, string name, JsonObject body, WriteOptions options, bool statusOnly = false)
    {
        var bodyName = ObjectMetadata.GetString(body, "name");
        if (bodyName is not null && bodyName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var bodyNamespace = ObjectMetadata.GetString(body, "namespace");
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var requestedVersion = ObjectMetadata.GetString(body, "resourceVersion");
        if (string.IsNullOrEmpty(requestedVersion) && type.IsCustom)
        {
            throw ApiError.Invalid(type.Kind, name, type.Group,
                [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
        }

        var warnings = new List<string>();
        return Write(type, Key(type, ns, name), options.DryRun, current =>
        {
            if (current is null)
            {
                throw NotFound(type, name);
            }

            CheckVersion(type, name, current, requestedVersion);
            var next = PrepareUpdate(type, current, body.DeepClone().AsObject(), statusOnly, options, warnings);
            return WriteIntent.Put(RecordManager(type, current.ToJsonObject(), next, options, statusOnly ? "status" : null));
        }) with { Warnings = warnings };
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to the current object. A server-side <paramref name="apply"/> creates the
    /// object when it is missing and records its own manager; other patches record theirs here.
    /// </summary>
    public WriteResult Patch(ResourceType type, string? ns, string name, Func<JsonObject?, JsonObject> patch, WriteOptions options,
        bool statusOnly = false, bool apply = false)
    {
        var warnings = new List<string>();
        var key = Key(type, ns, name);
        if (apply && !statusOnly && _store.Get(type.StorageKey, key) is null)
        {
            var created = patch(null);
            var metadata = ObjectMetadata.Of(created);
            metadata["name"] = name;
            try
            {
                return Create(type, ns, created, options, recordManager: false);
            }
            catch (ApiError e) when (e.Reason == "AlreadyExists")
            {
                // Someone created it meanwhile: patch what is there now.
            }
        }

        return Write(type, key, options.DryRun, current =>
        {
            if (current is null)
            {
                throw NotFound(type, name);
            }

            var next = patch(current.ToJsonObject());
            var requestedVersion = ObjectMetadata.GetString(next, "resourceVersion");
            CheckVersion(type, name, current, requestedVersion);
            next = PrepareUpdate(type, current, next, statusOnly, options, warnings);
            return WriteIntent.Put(apply ? next : RecordManager(type, current.ToJsonObject(), next, options, statusOnly ? "status" : null));
        }) with { Warnings = warnings };
    }

    /// <summary>Brings managedFields up to date for a write other than server-side apply (see <see cref="ManagedFields.RecordUpdate"/>).</summary>
    private JsonObject RecordManager(ResourceType type, JsonObject? before, JsonObject after, WriteOptions options, string? subresource) =>
        ManagedFields.RecordUpdate(before, after, new UpdateRequest
        {
            Kind = type.Kind,
            BuiltIn = !type.IsCustom,
            FieldManager = options.FieldManager,
            ApiVersion = type.ApiVersion,
            Now = _time.GetUtcNow(),
            Subresource = subresource,
        });

    private static void CheckVersion(ResourceType type, string name, StoredObject current, string? requestedVersion)
    {
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw ApiError.Conflict(type.QualifiedName, name, type.Group, type.Plural,
                "the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    private void RequireNamespace(string ns)
    {
        var namespaceObject = _store.Get("namespaces", new ObjectKey("", ns))
            ?? throw new ApiError(404, "NotFound", $"namespaces \"{ns}\" not found", ns, "", "namespaces");
        if (namespaceObject.IsDeleting)
        {
            throw new ApiError(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated", ns, "", "namespaces");
        }
    }

    private static ObjectKey Key(ResourceType type, string? ns, string name) => new(type.Namespaced ? ns ?? "" : "", name);

    private static ApiError NotFound(ResourceType type, string name) =>
        ApiError.NotFound(type.QualifiedName, name, type.Group, type.Plural);
}
