using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Refuses defaults that could never be stored, as the real server does when a CRD is written: a
/// default must not carry fields its schema would prune, and must pass its own schema (once the
/// defaults inside it are applied).
/// </summary>
internal static class DefaultsCheck
{
    public static void Run(SchemaNode root, string fieldPath, List<StatusCause> errors) => Walk(root, fieldPath, errors);

    private static void Walk(SchemaNode node, string path, List<StatusCause> errors)
    {
        if (node.DefaultJson is { } json)
        {
            Check(node, JsonNode.Parse(json), SchemaCompiler.Child(path, "default"), errors);
        }
        foreach (var (name, property) in node.Properties)
        {
            Walk(property, SchemaCompiler.Key(SchemaCompiler.Child(path, "properties"), name), errors);
        }
        if (node.Items is { } items)
        {
            Walk(items, SchemaCompiler.Child(path, "items"), errors);
        }
        if (node.AdditionalProperties is { } values)
        {
            Walk(values, SchemaCompiler.Child(path, "additionalProperties"), errors);
        }
    }

    private static void Check(SchemaNode node, JsonNode? value, string defaultPath, List<StatusCause> errors)
    {
        var pruned = value?.DeepClone();
        SchemaPruner.PruneValue(node, pruned);
        if (!JsonNode.DeepEquals(pruned, value))
        {
            errors.Add(FieldErrors.Invalid(defaultPath, GoFormat.Value(JsonData.Of(value)), "must not have unknown fields"));
            return;
        }
        SchemaDefaulter.DefaultValue(node, value);
        SchemaValidator.ValidateValue(node, value, defaultPath, errors);
    }
}
