using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// The checks the real server makes before it serves a CustomResourceDefinition (apiextensions.k8s.io/v1),
/// reported as one 422 Invalid error with a cause per problem and the field path of each.
/// </summary>
internal static partial class CustomResourceDefinitionValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];
    private static readonly string[] ColumnFormats = ["int32", "int64", "float", "double", "byte", "date", "date-time", "password", "name"];

    /// <summary>Groups under k8s.io and kubernetes.io need this annotation (Gateway API CRDs carry it).</summary>
    private const string ApprovalAnnotation = "api-approved.kubernetes.io";

    private const string Dns1035Rule =
        "must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
        "and end with an alphanumeric character (at most 63 characters)";

    public static void Validate(JsonObject crd)
    {
        var errors = new FieldErrors();
        var name = JsonRead.String(crd, "metadata", "name") ?? "";
        var spec = JsonRead.Object(crd, "spec");
        if (spec is null)
        {
            errors.Required("spec");
            errors.ThrowIfAny(CustomResourceDefinitionTypes.Kind, CustomResourceDefinitionTypes.Group, name);
            return;
        }

        var group = JsonRead.String(spec, "group") ?? "";
        var names = CustomResourceDefinitionTypes.Names.Of(spec);
        if (name.Length == 0)
        {
            errors.Required("metadata.name", "name or generateName is required");
        }
        else if (name != $"{names.Plural}.{group}")
        {
            errors.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group");
        }

        if (group.Length == 0)
        {
            errors.Required("spec.group");
        }
        else if (!group.Contains('.', StringComparison.Ordinal) || !Dns1123Subdomain().IsMatch(group))
        {
            errors.Invalid("spec.group", group, "should be a domain with at least one dot");
        }
        else if (IsProtected(group) && string.IsNullOrEmpty(JsonRead.String(crd, "metadata", "annotations", ApprovalAnnotation)))
        {
            errors.Required(
                $"metadata.annotations[{ApprovalAnnotation}]",
                $"protected groups must have approval annotation \"{ApprovalAnnotation}\"");
        }

        ValidateNames(spec, names, errors);

        var scope = JsonRead.String(spec, "scope") ?? "";
        if (scope.Length == 0)
        {
            errors.Required("spec.scope");
        }
        else if (!Scopes.Contains(scope))
        {
            errors.NotSupported("spec.scope", scope, Scopes);
        }

        ValidateVersions(spec, errors);
        errors.ThrowIfAny(CustomResourceDefinitionTypes.Kind, CustomResourceDefinitionTypes.Group, name);
    }

    private static void ValidateNames(JsonObject spec, CustomResourceDefinitionTypes.Names names, FieldErrors errors)
    {
        RequireLabel("spec.names.plural", names.Plural, errors);
        if (JsonRead.String(spec, "names", "singular") is { Length: > 0 } singular && !Dns1035Label().IsMatch(singular))
        {
            errors.Invalid("spec.names.singular", singular, Dns1035Rule);
        }
        if (names.Kind.Length == 0)
        {
            errors.Required("spec.names.kind");
        }
        else if (!Dns1035Label().IsMatch(names.Kind.ToLowerInvariant()))
        {
            errors.Invalid("spec.names.kind", names.Kind, "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?");
        }
        else if (names.ListKind == names.Kind)
        {
            errors.Invalid("spec.names.listKind", names.ListKind, "kind and listKind must be different");
        }
        var shortNames = JsonRead.Strings(spec, "names", "shortNames");
        for (var i = 0; i < shortNames.Count; i++)
        {
            if (!Dns1035Label().IsMatch(shortNames[i]))
            {
                errors.Invalid($"spec.names.shortNames[{i}]", shortNames[i], Dns1035Rule);
            }
        }
        var categories = JsonRead.Strings(spec, "names", "categories");
        for (var i = 0; i < categories.Count; i++)
        {
            if (!Dns1035Label().IsMatch(categories[i]))
            {
                errors.Invalid($"spec.names.categories[{i}]", categories[i], Dns1035Rule);
            }
        }
    }

    private static void ValidateVersions(JsonObject spec, FieldErrors errors)
    {
        var versions = JsonRead.Array(spec, "versions");
        if (versions.Count == 0)
        {
            errors.Required("spec.versions", "must have exactly one version marked as storage version");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var storage = new List<string>();
        for (var i = 0; i < versions.Count; i++)
        {
            var path = $"spec.versions[{i}]";
            if (versions[i] is not JsonObject version)
            {
                errors.Invalid(path, versions[i]?.ToJsonString(), "must be an object");
                continue;
            }
            var versionName = JsonRead.String(version, "name") ?? "";
            if (versionName.Length == 0)
            {
                errors.Required($"{path}.name");
            }
            else if (!Dns1035Label().IsMatch(versionName))
            {
                errors.Invalid($"{path}.name", versionName, Dns1035Rule);
            }
            else if (!seen.Add(versionName))
            {
                errors.Duplicate($"{path}.name", versionName);
            }
            if (JsonRead.Boolean(version, "storage") == true)
            {
                storage.Add(versionName);
            }
            ValidateSchema(version, path, errors);
            ValidateScale(JsonRead.Object(version, "subresources", "scale"), $"{path}.subresources.scale", errors);
            ValidateColumns(JsonRead.Array(version, "additionalPrinterColumns"), $"{path}.additionalPrinterColumns", errors);
        }
        if (storage.Count != 1)
        {
            errors.Invalid("spec.versions", storage, "must have exactly one version marked as storage version");
        }
    }

    private static void ValidateSchema(JsonObject version, string path, FieldErrors errors)
    {
        var schemaPath = $"{path}.schema.openAPIV3Schema";
        if (JsonRead.Object(version, "schema", "openAPIV3Schema") is not { } schema)
        {
            errors.Required(schemaPath, "schemas are required");
            return;
        }
        var type = JsonRead.String(schema, "type");
        if (string.IsNullOrEmpty(type))
        {
            errors.Required($"{schemaPath}.type", "must not be empty at the root");
        }
        else if (type != "object")
        {
            errors.Invalid($"{schemaPath}.type", type, "must be object at the root");
        }
    }

    private static void ValidateScale(JsonObject? scale, string path, FieldErrors errors)
    {
        if (scale is null)
        {
            return;
        }
        CheckPath(scale, "specReplicasPath", path, errors, required: true, [".spec."], "should be a json path under .spec");
        CheckPath(scale, "statusReplicasPath", path, errors, required: true, [".status."], "should be a json path under .status");
        CheckPath(scale, "labelSelectorPath", path, errors, required: false, [".spec.", ".status."],
            "should be a json path under either .spec or .status");
    }

    private static void CheckPath(
        JsonObject scale, string field, string path, FieldErrors errors, bool required, string[] prefixes, string where)
    {
        var value = JsonRead.String(scale, field) ?? "";
        var fieldPath = $"{path}.{field}";
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Required(fieldPath);
            }
            return;
        }
        if (!SimpleJsonPath.TryParse(value, out _, out var error))
        {
            errors.Invalid(fieldPath, value, error);
        }
        else if (!prefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal)))
        {
            errors.Invalid(fieldPath, value, where);
        }
    }

    private static void ValidateColumns(JsonArray columns, string path, FieldErrors errors)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var columnPath = $"{path}[{i}]";
            var column = columns[i] as JsonObject ?? [];
            if (string.IsNullOrEmpty(JsonRead.String(column, "name")))
            {
                errors.Required($"{columnPath}.name");
            }
            var type = JsonRead.String(column, "type") ?? "";
            if (type.Length == 0)
            {
                errors.Required($"{columnPath}.type");
            }
            else if (!ColumnTypes.Contains(type))
            {
                errors.NotSupported($"{columnPath}.type", type, ColumnTypes);
            }
            if (JsonRead.String(column, "format") is { Length: > 0 } format && !ColumnFormats.Contains(format))
            {
                errors.NotSupported($"{columnPath}.format", format, ColumnFormats);
            }
            if (JsonRead.Integer(column, "priority") is < 0 and var priority)
            {
                errors.Invalid($"{columnPath}.priority", priority, "must not be negative");
            }
            var jsonPath = JsonRead.String(column, "jsonPath") ?? "";
            if (jsonPath.Length == 0)
            {
                errors.Required($"{columnPath}.jsonPath");
            }
            else if (!SimpleJsonPath.TryParse(jsonPath, out _, out var error))
            {
                errors.Invalid($"{columnPath}.jsonPath", jsonPath, error);
            }
        }
    }

    private static bool IsProtected(string group) =>
        group is "k8s.io" or "kubernetes.io"
        || group.EndsWith(".k8s.io", StringComparison.Ordinal)
        || group.EndsWith(".kubernetes.io", StringComparison.Ordinal);

    private static void RequireLabel(string field, string value, FieldErrors errors)
    {
        if (value.Length == 0)
        {
            errors.Required(field);
        }
        else if (!Dns1035Label().IsMatch(value))
        {
            errors.Invalid(field, value, Dns1035Rule);
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();
}
