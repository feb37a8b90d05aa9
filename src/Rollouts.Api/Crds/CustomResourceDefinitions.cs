using System.Text.Json.Nodes;
using Rollouts.Api.Schema;

namespace Rollouts.Api.Crds;

/// <summary>Builds the apiextensions.k8s.io/v1 CustomResourceDefinition of a <see cref="CustomResource"/>.</summary>
public static class CustomResourceDefinitions
{
    public static JsonObject Build(CustomResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var api = resource.Resource;
        var names = new JsonObject
        {
            ["kind"] = api.Kind,
            ["listKind"] = api.Kind + "List",
            ["plural"] = api.Plural,
            ["singular"] = resource.Singular,
        };
        if (resource.ShortNames.Count > 0)
        {
            names["shortNames"] = new JsonArray([.. resource.ShortNames.Select(n => JsonValue.Create(n))]);
        }

        var version = new JsonObject
        {
            ["name"] = api.Version,
            ["served"] = true,
            ["storage"] = true,
        };
        if (resource.Columns.Count > 0)
        {
            version["additionalPrinterColumns"] = new JsonArray([.. resource.Columns.Select(Column)]);
        }

        version["schema"] = new JsonObject { ["openAPIV3Schema"] = OpenApiSchemaGenerator.Generate(resource.TypeInfo) };
        if (Subresources(resource) is { } subresources)
        {
            version["subresources"] = subresources;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = api.ToString() },
            ["spec"] = new JsonObject
            {
                ["group"] = api.Group,
                ["names"] = names,
                ["scope"] = api.Namespaced ? "Namespaced" : "Cluster",
                ["versions"] = new JsonArray(version),
            },
        };
    }

    private static JsonObject Column(PrinterColumn column)
    {
        var node = new JsonObject { ["name"] = column.Name, ["type"] = column.Type, ["jsonPath"] = column.JsonPath };
        if (column.Description is not null)
        {
            node["description"] = column.Description;
        }

        if (column.Priority != 0)
        {
            node["priority"] = column.Priority;
        }

        return node;
    }

    private static JsonObject? Subresources(CustomResource resource)
    {
        if (!resource.StatusSubresource && resource.Scale is null)
        {
            return null;
        }

        var subresources = new JsonObject();
        if (resource.StatusSubresource)
        {
            subresources["status"] = new JsonObject();
        }

        if (resource.Scale is { } scale)
        {
            var node = new JsonObject { ["specReplicasPath"] = scale.SpecReplicasPath, ["statusReplicasPath"] = scale.StatusReplicasPath };
            if (scale.LabelSelectorPath is not null)
            {
                node["labelSelectorPath"] = scale.LabelSelectorPath;
            }

            subresources["scale"] = node;
        }

        return subresources;
    }
}
