using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>
/// The OpenAPI v3 document of one group-version (<c>/openapi/v3/apis/G/V</c>). kubectl create, apply and
/// replace look in it for a <c>patch</c> operation carrying the kind's <c>x-kubernetes-group-version-kind</c>
/// and a <c>fieldValidation</c> query parameter; finding one, they leave validation to the server.
/// Patch bodies advertise JSON patch, merge patch and apply — never strategic merge patch, so kubectl keeps
/// its built-in strategic merge for built-in kinds and merge patch for custom resources.
/// Custom resources carry their CRD's openAPIV3Schema; built-in kinds a permissive object schema.
/// </summary>
public static class OpenApiGroupVersionDocument
{
    private static readonly string[] PatchContentTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"];

    /// <summary>The document, or null when the group-version is not served.</summary>
    public static JsonObject? Build(ResourceRegistry registry, string group, string version)
    {
        var types = registry.InGroupVersion(group, version);
        if (types.IsEmpty)
        {
            return null;
        }
        var paths = new JsonObject();
        var schemas = CommonSchemas();
        foreach (var type in types)
        {
            AddPaths(paths, type);
            schemas[OpenApiNames.Schema(type, type.Kind)] = KindSchema(type);
            if (type.Verbs.Contains("list"))
            {
                schemas[OpenApiNames.Schema(type, type.EffectiveListKind)] = ListSchema(type);
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = VersionDocument.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static void AddPaths(JsonObject paths, ResourceType type)
    {
        var collection = OpenApiNames.CollectionPath(type);
        var collectionItem = new JsonObject();
        if (type.Verbs.Contains("list"))
        {
            collectionItem["get"] = Operation(type, "list", "list", $"list or watch objects of kind {type.Kind}",
                [], null, Responses(("200", "OK", OpenApiNames.Schema(type, type.EffectiveListKind))));
        }
        if (type.Verbs.Contains("create"))
        {
            collectionItem["post"] = Operation(type, "create", "post", $"create a {type.Kind}",
                WriteParameters(), JsonBody(type),
                Responses(("200", "OK", Ref(type)), ("201", "Created", Ref(type)), ("202", "Accepted", Ref(type))));
        }
        if (collectionItem.Count > 0)
        {
            collectionItem["parameters"] = PathParameters(type, withName: false);
            paths[collection] = collectionItem;
        }

        var item = new JsonObject();
        if (type.Verbs.Contains("get"))
        {
            item["get"] = Operation(type, "read", "get", $"read the specified {type.Kind}",
                [], null, Responses(("200", "OK", Ref(type))));
        }
        if (type.Verbs.Contains("update"))
        {
            item["put"] = Operation(type, "replace", "put", $"replace the specified {type.Kind}",
                WriteParameters(), JsonBody(type), Responses(("200", "OK", Ref(type)), ("201", "Created", Ref(type))));
        }
        if (type.Verbs.Contains("patch"))
        {
            item["patch"] = Operation(type, "patch", "patch", $"partially update the specified {type.Kind}",
                [.. WriteParameters(), Query("force", "boolean", "Force is going to \"force\" Apply requests.")],
                PatchBody(), Responses(("200", "OK", Ref(type)), ("201", "Created", Ref(type))));
        }
        if (type.Verbs.Contains("delete"))
        {
            item["delete"] = Operation(type, "delete", "delete", $"delete a {type.Kind}",
                [Query("dryRun", "string", "When present, modifications are not persisted.")], null,
                Responses(("200", "OK", OpenApiNames.Status), ("202", "Accepted", OpenApiNames.Status)));
        }
        if (item.Count > 0)
        {
            item["parameters"] = PathParameters(type, withName: true);
            paths[$"{collection}/{{name}}"] = item;
        }
    }

    private static JsonObject Operation(
        ResourceType type, string verb, string action, string description,
        JsonNode[] parameters, JsonObject? requestBody, JsonObject responses)
    {
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(OpenApiNames.Tag(type)),
            ["description"] = description,
            ["operationId"] = OpenApiNames.Operation(verb, type, type.Namespaced),
        };
        if (parameters.Length > 0)
        {
            operation["parameters"] = new JsonArray(parameters);
        }
        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }
        operation["responses"] = responses;
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = JsonBuild.Gvk(type.Group, type.Version, type.Kind);
        return operation;
    }

    private static JsonNode[] WriteParameters() =>
    [
        Query("dryRun", "string", "When present, modifications are not persisted. The only valid value is All."),
        Query("fieldManager", "string", "A name associated with the actor or entity that is making these changes."),
        Query("fieldValidation", "string",
            "How the server treats unknown or duplicate fields in the request: Ignore, Warn or Strict."),
    ];

    private static JsonArray PathParameters(ResourceType type, bool withName)
    {
        var parameters = new JsonArray();
        if (withName)
        {
            parameters.Add(PathParameter("name", $"name of the {type.Kind}"));
        }
        if (type.Namespaced)
        {
            parameters.Add(PathParameter("namespace", "object name and auth scope, such as for teams and projects"));
        }
        parameters.Add(Query("pretty", "string", "If 'true', then the output is pretty printed."));
        return parameters;
    }

    private static JsonObject PathParameter(string name, string description) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["description"] = description,
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Query(string name, string type, string description) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };

    private static JsonObject JsonBody(ResourceType type) => new()
    {
        ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = SchemaRef(Ref(type)) } },
        ["required"] = true,
    };

    private static JsonObject PatchBody()
    {
        var content = new JsonObject();
        foreach (var contentType in PatchContentTypes)
        {
            content[contentType] = new JsonObject { ["schema"] = SchemaRef(OpenApiNames.Patch) };
        }
        return new JsonObject { ["content"] = content, ["required"] = true };
    }

    private static JsonObject Responses(params (string Code, string Description, string Schema)[] responses)
    {
        var result = new JsonObject();
        foreach (var (code, description, schema) in responses)
        {
            result[code] = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = SchemaRef(schema) } },
            };
        }
        return result;
    }

    private static string Ref(ResourceType type) => OpenApiNames.Schema(type, type.Kind);

    private static JsonObject SchemaRef(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    private static JsonObject KindSchema(ResourceType type)
    {
        JsonObject schema;
        if (type.Schema is { } structural)
        {
            schema = JsonNode.Parse(structural.Source.GetRawText()) as JsonObject ?? [];
        }
        else
        {
            schema = new JsonObject
            {
                ["description"] = $"{type.Kind} ({type.ApiVersion}). Fields are not described; the server accepts any.",
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
        }
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = new JsonObject { ["description"] = "APIVersion of this object.", ["type"] = "string" };
        properties["kind"] = new JsonObject { ["description"] = "Kind of this object.", ["type"] = "string" };
        properties["metadata"] = SchemaRef(OpenApiNames.ObjectMeta);
        schema["x-kubernetes-group-version-kind"] = new JsonArray(JsonBuild.Gvk(type.Group, type.Version, type.Kind));
        return schema;
    }

    private static JsonObject ListSchema(ResourceType type) => new()
    {
        ["description"] = $"{type.EffectiveListKind} is a list of {type.Kind}.",
        ["type"] = "object",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject { ["type"] = "array", ["items"] = SchemaRef(Ref(type)) },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = SchemaRef(OpenApiNames.ListMeta),
        },
        ["x-kubernetes-group-version-kind"] = new JsonArray(JsonBuild.Gvk(type.Group, type.Version, type.EffectiveListKind)),
    };

    private static JsonObject CommonSchemas() => new()
    {
        [OpenApiNames.ObjectMeta] = new JsonObject
        {
            ["description"] = "Standard object metadata.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["annotations"] = StringMap(),
                ["generateName"] = new JsonObject { ["type"] = "string" },
                ["labels"] = StringMap(),
                ["name"] = new JsonObject { ["type"] = "string" },
                ["namespace"] = new JsonObject { ["type"] = "string" },
            },
            ["x-kubernetes-preserve-unknown-fields"] = true,
        },
        [OpenApiNames.ListMeta] = new JsonObject
        {
            ["description"] = "Standard list metadata.",
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        },
        [OpenApiNames.Patch] = new JsonObject
        {
            ["description"] = "A patch body in one of the accepted patch formats.",
            ["type"] = "object",
        },
        [OpenApiNames.Status] = new JsonObject
        {
            ["description"] = "The result of an operation that returns no object.",
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        },
    };

    private static JsonObject StringMap() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" },
    };
}
