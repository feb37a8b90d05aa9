using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Checks a value against a compiled schema as the real server's OpenAPI validator does, error for
/// error: every keyword that applies to the value's kind runs (a wrong type does not stop the others),
/// in the server's order, and each failure reads as the server writes it
/// (<c>spec.replicas in body should be greater than or equal to 0</c>).
/// </summary>
internal sealed class SchemaValidator
{
    // The server reports failures of allOf/anyOf/oneOf/not against a nil field path, printed "<nil>".
    private const string NilField = "<nil>";
    private static readonly string[] ResourceMetaFields = ["apiVersion", "kind", "metadata"];

    private readonly string? _fieldRoot;

    private SchemaValidator(string? fieldRoot) => _fieldRoot = fieldRoot;

    /// <summary>Validates a whole custom resource; apiVersion, kind and metadata belong to the server, not the schema.</summary>
    public static void ValidateResource(SchemaNode root, JsonNode resource, List<StatusCause> errors) =>
        new SchemaValidator(null).Validate(root, JsonData.Of(resource), "", errors, isRoot: true);

    /// <summary>Validates a value on its own; causes are reported under <paramref name="fieldRoot"/>.</summary>
    public static void ValidateValue(SchemaNode schema, JsonNode? value, string fieldRoot, List<StatusCause> errors) =>
        new SchemaValidator(fieldRoot).Validate(schema, JsonData.Of(value), "", errors, isRoot: false);

    private void Validate(SchemaNode schema, JsonData data, string path, List<StatusCause> errors, bool isRoot)
    {
        CheckType(schema, data, path, errors);
        if (data.Kind == DataKind.Null)
        {
            CheckEnum(schema, data, path, errors);
            return;
        }
        CheckCompositions(schema, data, path, errors, isRoot);
        switch (data.Kind)
        {
            case DataKind.String:
                CheckString(schema, data.Text, path, errors);
                CheckFormat(schema, data.Text, path, errors);
                break;
            case DataKind.Integer or DataKind.Number:
                CheckNumber(schema, data, path, errors);
                break;
            case DataKind.Array:
                CheckArray(schema, data.Node!.AsArray(), path, errors);
                break;
        }
        CheckEnum(schema, data, path, errors);
        if (data.Kind == DataKind.Object)
        {
            CheckObject(schema, data.Node!.AsObject(), path, errors, isRoot);
        }
    }

    private void CheckType(SchemaNode schema, JsonData data, string path, List<StatusCause> errors)
    {
        var types = schema.AllowedTypes;
        var format = schema.CheckedFormat;
        if (types.IsEmpty && format.Length == 0)
        {
            return;
        }
        if (data.Kind == DataKind.Null)
        {
            if (!types.IsEmpty && !schema.Nullable)
            {
                errors.Add(TypeError(path, string.Join(",", types), "null"));
            }
            return;
        }
        var actual = data.TypeName;
        var numberFormat = data.Kind switch { DataKind.Integer => "int64", DataKind.Number => "float64", _ => "" };
        var floatAsInteger = data.Kind == DataKind.Number && data.IsIntegral && types.Contains("integer");
        var integerAsNumber = data.Kind == DataKind.Integer && types.Contains("number");
        var stringOrArray = data.Kind is DataKind.String or DataKind.Array;
        if (!stringOrArray && format.Length > 0
            && !(types.Contains(actual) || numberFormat == format || floatAsInteger || integerAsNumber))
        {
            errors.Add(TypeError(path, format, numberFormat));
            return;
        }
        // The server skips the type check for strings and arrays when a string format is declared.
        if (stringOrArray && format.Length > 0 && !types.Contains("number") && !types.Contains("integer"))
        {
            return;
        }
        if (!(types.Contains(actual) || floatAsInteger || integerAsNumber))
        {
            errors.Add(TypeError(path, string.Join(",", types), actual));
        }
    }

    private StatusCause TypeError(string path, string expected, string actual) =>
        FieldErrors.TypeInvalid(Field(path), GoFormat.Quote(actual), $"{path} in body must be of type {expected}: {GoFormat.Quote(actual)}");

    private void CheckCompositions(SchemaNode schema, JsonData data, string path, List<StatusCause> errors, bool isRoot)
    {
        if (!schema.AnyOf.IsEmpty)
        {
            var (valid, closest) = TryBranches(schema.AnyOf, data, path, isRoot, stopAtFirstValid: true);
            if (valid == 0)
            {
                errors.Add(CompositionError($"{GoFormat.Quote(path)} must validate at least one schema (anyOf)"));
                errors.AddRange(closest);
            }
        }
        if (!schema.OneOf.IsEmpty)
        {
            var (valid, closest) = TryBranches(schema.OneOf, data, path, isRoot, stopAtFirstValid: false);
            if (valid != 1)
            {
                var found = valid == 0 ? "Found none valid" : $"Found {valid} valid alternatives";
                errors.Add(CompositionError($"{GoFormat.Quote(path)} must validate one and only one schema (oneOf). {found}"));
                if (valid == 0)
                {
                    errors.AddRange(closest);
                }
            }
        }
        if (!schema.AllOf.IsEmpty)
        {
            var valid = 0;
            foreach (var branch in schema.AllOf)
            {
                var branchErrors = new List<StatusCause>();
                Validate(branch, data, path, branchErrors, isRoot);
                valid += branchErrors.Count == 0 ? 1 : 0;
                errors.AddRange(branchErrors);
            }
            if (valid != schema.AllOf.Length)
            {
                var none = valid == 0 ? ". None validated" : "";
                errors.Add(CompositionError($"{GoFormat.Quote(path)} must validate all the schemas (allOf){none}"));
            }
        }
        if (schema.Not is { } not)
        {
            var notErrors = new List<StatusCause>();
            Validate(not, data, path, notErrors, isRoot);
            if (notErrors.Count == 0)
            {
                errors.Add(CompositionError($"{GoFormat.Quote(path)} must not validate the schema (not)"));
            }
        }
    }

    // Runs each branch; returns how many validated and the failures of the branch that came closest.
    private (int Valid, List<StatusCause> Closest) TryBranches(
        ImmutableArray<SchemaNode> branches, JsonData data, string path, bool isRoot, bool stopAtFirstValid)
    {
        var valid = 0;
        List<StatusCause> closest = [];
        var closestCount = int.MaxValue;
        foreach (var branch in branches)
        {
            var branchErrors = new List<StatusCause>();
            Validate(branch, data, path, branchErrors, isRoot);
            if (branchErrors.Count == 0)
            {
                valid++;
                if (stopAtFirstValid)
                {
                    break;
                }
            }
            else if (valid == 0 && branchErrors.Count < closestCount)
            {
                (closest, closestCount) = (branchErrors, branchErrors.Count);
            }
        }
        return (valid, closest);
    }

    private StatusCause CompositionError(string detail) => FieldErrors.Invalid(_fieldRoot ?? NilField, "\"\"", detail);

    private void CheckString(SchemaNode schema, string text, string path, List<StatusCause> errors)
    {
        var length = CountRunes(text);
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldErrors.TooLong(Field(path), max));
        }
        else if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldErrors.Invalid(Field(path), GoFormat.Quote(text), $"{path} in body should be at least {min} chars long"));
        }
        else if (schema.PatternRegex is { } pattern && !Matches(pattern, text))
        {
            errors.Add(FieldErrors.Invalid(Field(path), GoFormat.Quote(text), $"{path} in body should match '{schema.Pattern}'"));
        }
    }

    private void CheckFormat(SchemaNode schema, string text, string path, List<StatusCause> errors)
    {
        if (schema.CheckedFormat.Length > 0 && !StringFormats.IsValid(schema.CheckedFormat, text))
        {
            var quoted = GoFormat.Quote(text);
            errors.Add(FieldErrors.TypeInvalid(Field(path), quoted, $"{path} in body must be of type {schema.CheckedFormat}: {quoted}"));
        }
    }

    private void CheckNumber(SchemaNode schema, JsonData data, string path, List<StatusCause> errors)
    {
        var value = GoFormat.Value(data);
        if (schema.MultipleOf is { } factor && NumberBounds.MultipleOfFailure(path, data, factor) is { } notMultiple)
        {
            errors.Add(FieldErrors.Invalid(Field(path), value, notMultiple));
        }
        if (schema.Minimum is { } minimum && NumberBounds.MinimumFailure(path, data, minimum, schema.ExclusiveMinimum) is { } below)
        {
            errors.Add(FieldErrors.Invalid(Field(path), value, below));
        }
        if (schema.Maximum is { } maximum && NumberBounds.MaximumFailure(path, data, maximum, schema.ExclusiveMaximum) is { } above)
        {
            errors.Add(FieldErrors.Invalid(Field(path), value, above));
        }
    }

    private void CheckArray(SchemaNode schema, JsonArray array, string path, List<StatusCause> errors)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(items, JsonData.Of(array[i]), $"{path}[{i}]", errors, isRoot: false);
            }
        }
        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldErrors.Invalid(Field(path), $"{array.Count}", $"{path} in body should have at least {min} items"));
        }
        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldErrors.TooMany(Field(path), array.Count, max));
        }
    }

    private void CheckEnum(SchemaNode schema, JsonData data, string path, List<StatusCause> errors)
    {
        if (schema.Enum.IsEmpty)
        {
            return;
        }
        // As on the real server, null never matches an enum, not even one listing null.
        if (data.Kind != DataKind.Null && schema.Enum.Any(allowed => JsonEquality.Equal(data, allowed)))
        {
            return;
        }
        var supported = schema.Enum.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : GoFormat.Json(e));
        errors.Add(FieldErrors.NotSupported(Field(path), GoFormat.Value(data), supported));
    }

    private void CheckObject(SchemaNode schema, JsonObject obj, string path, List<StatusCause> errors, bool isRoot)
    {
        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldErrors.Invalid(Field(path), $"{obj.Count}", $"{path} in body should have at least {min} properties"));
            return;
        }
        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add(FieldErrors.TooMany(Field(path), obj.Count, max));
            return;
        }
        if (schema.AdditionalProperties is { } valueSchema)
        {
            foreach (var (key, value) in obj)
            {
                if (schema.Property(key) is null)
                {
                    Validate(valueSchema, JsonData.Of(value), $"{path}.{key}", errors, isRoot: false);
                }
            }
        }
        else if (schema.AllowsAdditionalProperties == false)
        {
            foreach (var (key, _) in obj)
            {
                if (schema.Property(key) is null && !(isRoot && ResourceMetaFields.Contains(key)))
                {
                    errors.Add(FieldErrors.Invalid(Field(path), GoFormat.Quote(key), $"{path}.{key} in body is a forbidden property"));
                }
            }
        }
        foreach (var (name, property) in schema.Properties)
        {
            if (isRoot && ResourceMetaFields.Contains(name))
            {
                if (name == "metadata" && obj[name] is JsonObject metadata)
                {
                    CheckRootMetadata(property, metadata, errors);
                }
                continue;
            }
            if (obj.TryGetPropertyValue(name, out var value))
            {
                Validate(property, JsonData.Of(value), path.Length == 0 ? name : $"{path}.{name}", errors, isRoot: false);
            }
        }
        foreach (var name in schema.Required)
        {
            if (!(isRoot && ResourceMetaFields.Contains(name)) && !obj.ContainsKey(name))
            {
                errors.Add(FieldErrors.Required(Field($"{path}.{name}")));
            }
        }
    }

    // A CRD may only restrict metadata.name and metadata.generateName; the rest of metadata is the server's.
    private void CheckRootMetadata(SchemaNode metadataSchema, JsonObject metadata, List<StatusCause> errors)
    {
        foreach (var name in (ReadOnlySpan<string>)["name", "generateName"])
        {
            if (metadataSchema.Property(name) is { } schema && metadata.TryGetPropertyValue(name, out var value))
            {
                Validate(schema, JsonData.Of(value), $"metadata.{name}", errors, isRoot: false);
            }
        }
    }

    // Where a cause is reported: the message's path without its leading dot, under the field root.
    private string Field(string path)
    {
        var name = path.StartsWith('.') ? path[1..] : path;
        if (name.Length == 0)
        {
            return _fieldRoot ?? NilField;
        }
        return _fieldRoot is null ? name : $"{_fieldRoot}.{name}";
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }
}
