using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Schema;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// Turns a CustomResourceDefinition (apiextensions.k8s.io/v1) into the resource types it serves, after
/// checking it as the real server does, and computes the status the server writes back on it.
/// </summary>
public static class CustomResourceDefinitionTypes
{
    public const string Group = "apiextensions.k8s.io";
    public const string Kind = "CustomResourceDefinition";

    /// <summary>
    /// One type per served version. Throws <see cref="Errors.ApiError"/> 422 Invalid listing every problem
    /// with its field path when the CRD could not be served by a real API server either.
    /// </summary>
    public static ImmutableArray<ResourceType> FromCrd(JsonObject crd)
    {
        CustomResourceDefinitionValidation.Validate(crd);

        var spec = JsonRead.Object(crd, "spec")!;
        var names = Names.Of(spec);
        var group = JsonRead.String(spec, "group")!;
        var namespaced = JsonRead.String(spec, "scope") == "Namespaced";

        var types = ImmutableArray.CreateBuilder<ResourceType>();
        foreach (var version in JsonRead.Array(spec, "versions").OfType<JsonObject>())
        {
            if (JsonRead.Boolean(version, "served") != true)
            {
                continue;
            }
            types.Add(new ResourceType
            {
                Group = group,
                Version = JsonRead.String(version, "name")!,
                Plural = names.Plural,
                Singular = names.Singular,
                Kind = names.Kind,
                ListKind = names.ListKind,
                Namespaced = namespaced,
                ShortNames = names.ShortNames,
                Categories = names.Categories,
                HasStatus = JsonRead.Object(version, "subresources", "status") is not null,
                Scale = ScaleOf(JsonRead.Object(version, "subresources", "scale")),
                HasGeneration = true,
                IsCustom = true,
                IsStorageVersion = JsonRead.Boolean(version, "storage") == true,
                PrinterColumns = [.. JsonRead.Array(version, "additionalPrinterColumns").OfType<JsonObject>().Select(ColumnOf)],
                Schema = SchemaOf(JsonRead.Object(version, "schema", "openAPIV3Schema")),
            });
        }
        return types.ToImmutable();
    }

    /// <summary>Fills what the server defaults on a stored CRD: names.singular, names.listKind, conversion.strategy.</summary>
    public static void ApplyDefaults(JsonObject crd)
    {
        if (JsonRead.Object(crd, "spec") is not { } spec)
        {
            return;
        }
        if (JsonRead.Object(spec, "names") is { } names && JsonRead.String(names, "kind") is { Length: > 0 } kind)
        {
            if (string.IsNullOrEmpty(JsonRead.String(names, "singular")))
            {
                names["singular"] = kind.ToLowerInvariant();
            }
            if (string.IsNullOrEmpty(JsonRead.String(names, "listKind")))
            {
                names["listKind"] = kind + "List";
            }
        }
        if (JsonRead.Object(spec, "conversion") is null)
        {
            spec["conversion"] = new JsonObject { ["strategy"] = "None" };
        }
    }

    /// <summary>
    /// The status a real server writes on an accepted CRD: NamesAccepted and Established conditions
    /// (keeping their transition time when already true), acceptedNames, and storedVersions — the
    /// versions already recorded plus the current storage version.
    /// </summary>
    public static JsonObject CrdStatus(JsonObject crd, DateTimeOffset now)
    {
        var spec = JsonRead.Object(crd, "spec") ?? [];
        var names = Names.Of(spec);
        var previous = JsonRead.Object(crd, "status");

        var accepted = new JsonObject { ["plural"] = names.Plural, ["singular"] = names.Singular };
        if (!names.ShortNames.IsEmpty)
        {
            accepted["shortNames"] = JsonBuild.Strings(names.ShortNames);
        }
        accepted["kind"] = names.Kind;
        accepted["listKind"] = names.ListKind;
        if (!names.Categories.IsEmpty)
        {
            accepted["categories"] = JsonBuild.Strings(names.Categories);
        }

        var stored = JsonRead.Strings(previous, "storedVersions").ToList();
        var storage = JsonRead.Array(spec, "versions").OfType<JsonObject>()
            .Where(v => JsonRead.Boolean(v, "storage") == true)
            .Select(v => JsonRead.String(v, "name"))
            .FirstOrDefault(v => v is not null);
        if (storage is not null && !stored.Contains(storage))
        {
            stored.Add(storage);
        }

        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition(previous, "NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition(previous, "Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["acceptedNames"] = accepted,
            ["storedVersions"] = JsonBuild.Strings(stored),
        };
    }

    private static JsonObject Condition(JsonObject? previous, string type, string reason, string message, DateTimeOffset now)
    {
        var old = JsonRead.Array(previous, "conditions").OfType<JsonObject>()
            .FirstOrDefault(c => JsonRead.String(c, "type") == type);
        var since = old is not null && JsonRead.String(old, "status") == "True" && JsonRead.String(old, "lastTransitionTime") is { } t
            ? t
            : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastTransitionTime"] = since,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static ScaleSubresource? ScaleOf(JsonObject? scale) =>
        scale is null
            ? null
            : new ScaleSubresource(
                JsonRead.String(scale, "specReplicasPath") ?? "",
                JsonRead.String(scale, "statusReplicasPath") ?? "",
                JsonRead.String(scale, "labelSelectorPath") is { Length: > 0 } selector ? selector : null);

    private static PrinterColumn ColumnOf(JsonObject column) => new(
        JsonRead.String(column, "name") ?? "",
        JsonRead.String(column, "type") ?? "",
        JsonRead.String(column, "jsonPath") ?? "",
        JsonRead.String(column, "format") is { Length: > 0 } format ? format : null,
        JsonRead.String(column, "description") is { Length: > 0 } description ? description : null,
        (int)(JsonRead.Integer(column, "priority") ?? 0));

    private static StructuralSchema? SchemaOf(JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return StructuralSchema.Compile(document.RootElement);
    }

    /// <summary>spec.names with the server's defaults applied.</summary>
    internal sealed record Names(
        string Plural, string Singular, string Kind, string ListKind,
        ImmutableArray<string> ShortNames, ImmutableArray<string> Categories)
    {
        public static Names Of(JsonObject spec)
        {
            var kind = JsonRead.String(spec, "names", "kind") ?? "";
            var singular = JsonRead.String(spec, "names", "singular");
            var listKind = JsonRead.String(spec, "names", "listKind");
            return new Names(
                JsonRead.String(spec, "names", "plural") ?? "",
                string.IsNullOrEmpty(singular) ? kind.ToLowerInvariant() : singular,
                kind,
                string.IsNullOrEmpty(listKind) ? kind + "List" : listKind,
                [.. JsonRead.Strings(spec, "names", "shortNames")],
                [.. JsonRead.Strings(spec, "names", "categories")]);
        }
    }
}
