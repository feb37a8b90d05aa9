using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>
/// Renders objects as a <c>Table</c> (meta.k8s.io/v1), what kubectl asks for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>: the columns of the kind as a real server
/// defines them (every column, priority 1 ones included — kubectl shows those with -o wide) and one row per
/// object, whose <c>object</c> is a PartialObjectMetadata (or the whole object, or nothing).
/// </summary>
public static class TableBuilder
{
    private static readonly ConditionalWeakTable<ResourceType, TablePrinter> CustomPrinters = new();

    /// <summary>The columns a Table of <paramref name="type"/> has.</summary>
    public static ImmutableArray<TableColumn> Columns(ResourceType type) => PrinterFor(type).Columns;

    /// <summary>A Table of a list document (<c>{"metadata":{...},"items":[...]}</c>), keeping its
    /// resourceVersion, continue token and remainingItemCount.</summary>
    public static JsonObject ForList(ResourceType type, JsonObject list, TableOptions options)
    {
        var metadata = JsonRead.Object(list, "metadata");
        return ForItems(
            type,
            JsonRead.Array(list, "items").OfType<JsonObject>(),
            JsonRead.String(metadata, "resourceVersion"),
            JsonRead.String(metadata, "continue"),
            JsonRead.Integer(metadata, "remainingItemCount"),
            options);
    }

    /// <summary>A Table of <paramref name="items"/> with the list metadata given.</summary>
    public static JsonObject ForItems(
        ResourceType type, IEnumerable<JsonObject> items, string? resourceVersion, string? continueToken,
        long? remainingItemCount, TableOptions options)
    {
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }
        if (remainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }
        return Table(type, items, metadata, options);
    }

    /// <summary>A one-row Table of a single object (a get, or one watch event). For watch events after the
    /// first, set <see cref="TableOptions.OmitColumnDefinitions"/>.</summary>
    public static JsonObject ForObject(ResourceType type, JsonObject item, TableOptions options)
    {
        var metadata = new JsonObject();
        if (JsonRead.String(item, "metadata", "resourceVersion") is { Length: > 0 } resourceVersion)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        return Table(type, [item], metadata, options);
    }

    private static JsonObject Table(ResourceType type, IEnumerable<JsonObject> items, JsonObject metadata, TableOptions options)
    {
        var printer = PrinterFor(type);
        var columns = new JsonArray();
        if (!options.OmitColumnDefinitions)
        {
            foreach (var column in printer.Columns)
            {
                columns.Add(new JsonObject
                {
                    ["name"] = column.Name,
                    ["type"] = column.Type,
                    ["format"] = column.Format,
                    ["description"] = column.Description,
                    ["priority"] = column.Priority,
                });
            }
        }
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(Row(printer, item, options));
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static JsonObject Row(TablePrinter printer, JsonObject item, TableOptions options)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(printer.Cells(item, options.Now)) };
        if (printer.Conditions?.Invoke(item) is { } conditions)
        {
            row["conditions"] = conditions;
        }
        switch (options.IncludeObject)
        {
            case IncludeObjectPolicy.Metadata:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = JsonRead.Object(item, "metadata")?.DeepClone() ?? new JsonObject(),
                };
                break;
            case IncludeObjectPolicy.Object:
                row["object"] = item.DeepClone();
                break;
        }
        return row;
    }

    private static TablePrinter PrinterFor(ResourceType type)
    {
        if (type.IsCustom)
        {
            return CustomPrinters.GetValue(type, CustomResourcePrinter.For);
        }
        return (type.Group, type.Plural) switch
        {
            ("", "pods") => PodPrinter.Printer,
            ("", "services") => NetworkPrinters.Service,
            ("", "endpoints") => NetworkPrinters.Endpoints,
            ("", "namespaces") => SimplePrinters.Namespace,
            ("", "configmaps") => SimplePrinters.ConfigMap,
            ("", "secrets") => SimplePrinters.Secret,
            ("", "serviceaccounts") => SimplePrinters.ServiceAccount,
            ("", "events") => EventPrinter.Core,
            ("events.k8s.io", "events") => EventPrinter.EventsV1,
            ("apps", "deployments") => WorkloadPrinters.Deployment,
            ("apps", "replicasets") => WorkloadPrinters.ReplicaSet,
            ("networking.k8s.io", "ingresses") => NetworkPrinters.Ingress,
            ("networking.k8s.io", "ingressclasses") => NetworkPrinters.IngressClass,
            ("coordination.k8s.io", "leases") => SimplePrinters.Lease,
            (CustomResourceDefinitionTypes.Group, "customresourcedefinitions") => SimplePrinters.CreatedAt,
            _ => TablePrinter.Default,
        };
    }
}
