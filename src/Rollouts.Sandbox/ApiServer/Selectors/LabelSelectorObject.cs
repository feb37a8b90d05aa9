using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>Reads and validates the metav1.LabelSelector object that specs carry (a Deployment's spec.selector).</summary>
internal static class LabelSelectorObject
{
    public static LabelSelector Read(JsonNode? node)
    {
        if (node is not JsonObject selector)
        {
            return LabelSelector.Nothing;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in (selector["matchLabels"] as JsonObject) ?? [])
        {
            requirements.Add(new LabelRequirement(key, LabelOperator.Equals, [Text(value)!]));
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray) ?? [])
        {
            var op = Text(expression!["operator"]) switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                _ => LabelOperator.DoesNotExist,
            };
            var values = (expression["values"] as JsonArray ?? []).Select(v => Text(v)!);
            requirements.Add(new LabelRequirement(Text(expression["key"])!, op, [.. values]));
        }

        return LabelSelector.Of(requirements);
    }

    public static List<StatusCause> Validate(JsonNode? node, string fieldPath)
    {
        var causes = new List<StatusCause>();
        if (node is null)
        {
            return causes;
        }

        if (node is not JsonObject selector)
        {
            causes.Add(Invalid(fieldPath, node.ToJsonString(), "must be an object with matchLabels and matchExpressions"));
            return causes;
        }

        var labelsPath = $"{fieldPath}.matchLabels";
        switch (selector["matchLabels"])
        {
            case null:
                break;
            case JsonObject labels:
                foreach (var (key, value) in labels)
                {
                    causes.AddRange(LabelValidation.KeyErrors(key).Select(error => Invalid(labelsPath, key, error)));
                    if (Text(value) is not { } text)
                    {
                        causes.Add(Invalid($"{labelsPath}.{key}", value?.ToJsonString() ?? "null", "must be a string"));
                        continue;
                    }

                    causes.AddRange(LabelValidation.ValueErrors(text).Select(error => Invalid(labelsPath, text, error)));
                }

                break;
            default:
                causes.Add(Invalid(labelsPath, selector["matchLabels"]!.ToJsonString(), "must be an object of label keys and values"));
                break;
        }

        var expressionsPath = $"{fieldPath}.matchExpressions";
        switch (selector["matchExpressions"])
        {
            case null:
                break;
            case JsonArray expressions:
                for (var i = 0; i < expressions.Count; i++)
                {
                    ValidateExpression(expressions[i], $"{expressionsPath}[{i}]", causes);
                }

                break;
            default:
                causes.Add(Invalid(expressionsPath, selector["matchExpressions"]!.ToJsonString(), "must be a list of requirements"));
                break;
        }

        return causes;
    }

    /// <summary>The labels of an object as a dictionary; non-string values are skipped.</summary>
    public static Dictionary<string, string> Labels(JsonNode? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (Text(value) is { } text)
                {
                    result[key] = text;
                }
            }
        }

        return result;
    }

    private static void ValidateExpression(JsonNode? node, string path, List<StatusCause> causes)
    {
        if (node is not JsonObject expression)
        {
            causes.Add(Invalid(path, node?.ToJsonString() ?? "null", "must be an object with key, operator and values"));
            return;
        }

        var values = expression["values"] as JsonArray;
        if (expression["values"] is not null and not JsonArray)
        {
            causes.Add(Invalid($"{path}.values", expression["values"]!.ToJsonString(), "must be a list of strings"));
        }

        var op = Text(expression["operator"]);
        switch (op)
        {
            case "In" or "NotIn" when values is null or { Count: 0 }:
                causes.Add(new StatusCause("FieldValueRequired",
                    "Required value: must be specified when `operator` is 'In' or 'NotIn'", $"{path}.values"));
                break;
            case "Exists" or "DoesNotExist" when values is { Count: > 0 }:
                causes.Add(new StatusCause("FieldValueForbidden",
                    "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", $"{path}.values"));
                break;
            case "In" or "NotIn" or "Exists" or "DoesNotExist":
                break;
            default:
                causes.Add(Invalid($"{path}.operator", op ?? "", "not a valid selector operator"));
                break;
        }

        var key = Text(expression["key"]) ?? "";
        causes.AddRange(LabelValidation.KeyErrors(key).Select(error => Invalid($"{path}.key", key, error)));
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (Text(values![i]) is not { } value)
            {
                causes.Add(Invalid($"{path}.values[{i}]", values[i]?.ToJsonString() ?? "null", "must be a string"));
                continue;
            }

            causes.AddRange(LabelValidation.ValueErrors(value).Select(error => Invalid($"{path}.values[{i}]", value, error)));
        }
    }

    private static StatusCause Invalid(string field, string value, string why) =>
        new("FieldValueInvalid", LabelValidation.InvalidValue(value, why), field);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
