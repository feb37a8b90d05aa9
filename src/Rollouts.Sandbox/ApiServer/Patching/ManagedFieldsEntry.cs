using System.Globalization;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// One entry of <c>metadata.managedFields</c>: which fields a manager owns, and by which operation
/// ("Apply" for server-side apply, "Update" for other writes).
/// </summary>
internal sealed class ManagedFieldsEntry
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public string ApiVersion { get; set; } = "";
    public string? Time { get; set; }
    public string? Subresource { get; init; }
    public FieldSet Fields { get; set; } = new();

    /// <summary>
    /// How conflict messages name the manager: <c>"kubectl"</c> for an apply, <c>"kubectl-edit" using apps/v1</c> for
    /// an update, <c>"kubectl" with subresource "scale" using apps/v1</c> for an update of a subresource.
    /// </summary>
    public string Describe()
    {
        var name = string.IsNullOrEmpty(Subresource) ? $"\"{Manager}\"" : $"\"{Manager}\" with subresource \"{Subresource}\"";
        return Operation == ApplyOperation ? name : $"{name} using {ApiVersion}";
    }

    public bool Is(string manager, string operation) =>
        Manager == manager && Operation == operation && string.IsNullOrEmpty(Subresource);

    /// <summary>The FieldsV1 entries of an object's managedFields; others (and malformed ones) are skipped.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list)
        {
            if (item is not JsonObject entry || Text(entry, "manager") is not { } manager
                || Text(entry, "operation") is not { } operation || Text(entry, "fieldsType") is not (null or "FieldsV1"))
            {
                continue;
            }

            entries.Add(new ManagedFieldsEntry
            {
                Manager = manager,
                Operation = operation,
                ApiVersion = Text(entry, "apiVersion") ?? "",
                Time = Text(entry, "time"),
                Subresource = Text(entry, "subresource"),
                Fields = FieldSet.FromFieldsV1(entry["fieldsV1"]),
            });
        }

        return entries;
    }

    /// <summary>Stores the entries as the object's managedFields, or removes the field when there are none.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var list = new JsonArray([.. entries.Where(entry => !entry.Fields.IsEmpty).Select(entry => entry.ToJson())]);
        if (obj["metadata"] is not JsonObject metadata)
        {
            if (list.Count == 0)
            {
                return;
            }

            metadata = [];
            obj["metadata"] = metadata;
        }

        if (list.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = list;
        }
    }

    /// <summary>A timestamp as the API writes them: RFC 3339, seconds, UTC.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource))
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
