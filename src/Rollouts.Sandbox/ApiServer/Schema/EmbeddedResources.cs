using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Checks the objects a schema marks <c>x-kubernetes-embedded-resource</c> (a pod template, say): like
/// any resource they need an apiVersion and a kind, worded as the real server words it.
/// </summary>
internal static partial class EmbeddedResources
{
    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
        "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public static void Validate(SchemaNode root, JsonNode resource, List<StatusCause> errors) =>
        Walk(resource, root, "", errors);

    private static void Walk(JsonNode? value, SchemaNode? schema, string path, List<StatusCause> errors)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                if (schema.EmbeddedResource)
                {
                    CheckTypeMeta(obj, path, errors);
                }
                foreach (var (key, field) in obj)
                {
                    if (schema.Property(key) is { } property)
                    {
                        Walk(field, property, SchemaCompiler.Child(path, key), errors);
                    }
                    else if (schema.AdditionalProperties is { } values)
                    {
                        Walk(field, values, SchemaCompiler.Key(path, key), errors);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], schema.Items, SchemaCompiler.Index(path, i), errors);
                }
                break;
        }
    }

    private static void CheckTypeMeta(JsonObject obj, string path, List<StatusCause> errors)
    {
        var apiVersionPath = SchemaCompiler.Child(path, "apiVersion");
        var kindPath = SchemaCompiler.Child(path, "kind");
        if (!obj.ContainsKey("apiVersion"))
        {
            errors.Add(FieldErrors.Required(apiVersionPath));
        }
        if (!obj.ContainsKey("kind"))
        {
            errors.Add(FieldErrors.Required(kindPath));
        }
        foreach (var (key, value) in obj)
        {
            var data = JsonData.Of(value);
            var problem = (key, data.Kind) switch
            {
                ("apiVersion" or "kind", not DataKind.String) => "must be a string",
                ("apiVersion" or "kind", _) when data.Text.Length == 0 => "must not be empty",
                ("apiVersion", _) when data.Text.Count(c => c == '/') > 1 => $"unexpected GroupVersion string: {data.Text}",
                ("kind", _) when KindProblems(data.Text) is { Length: > 0 } kindProblems =>
                    $"may have mixed case, but should otherwise match: {kindProblems}",
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(FieldErrors.Invalid(key == "kind" ? kindPath : apiVersionPath, GoFormat.Value(data), problem));
            }
        }
    }

    // A kind, lower-cased, must be a DNS-1035 label.
    private static string KindProblems(string kind)
    {
        var label = kind.ToLowerInvariant();
        var problems = new List<string>();
        if (label.Length > 63)
        {
            problems.Add("must be no more than 63 characters");
        }
        if (!Dns1035Label().IsMatch(label))
        {
            problems.Add(Dns1035Message);
        }
        return string.Join(",", problems);
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();
}
