using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// JSON patch (RFC 6902, <c>application/json-patch+json</c>): a list of add, remove, replace, move, copy and
/// test operations applied in order, all or nothing. A document that is not a list of well-formed operations
/// is refused with 400 BadRequest; an operation that does not apply (a failed test, a missing path, an index
/// out of range) with 422 Invalid naming the operation and its path.
/// </summary>
public static class JsonPatch
{
    private sealed record Operation(int Index, string Op, JsonPointer Path, JsonPointer? From, JsonNode? Value);

    /// <summary>The target with every operation applied, as a new node; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        var operations = Parse(patch);
        var document = target?.DeepClone();
        foreach (var operation in operations)
        {
            document = Execute(document, operation);
        }

        return document;
    }

    private static List<Operation> Parse(JsonNode? patch)
    {
        if (patch is not JsonArray array)
        {
            throw Malformed("the patch must be a JSON array of operations");
        }

        var operations = new List<Operation>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject entry)
            {
                throw Malformed($"operation {i} is not a JSON object");
            }

            var op = RequiredString(entry, "op", i, "operation");
            if (op is not ("add" or "remove" or "replace" or "move" or "copy" or "test"))
            {
                throw Malformed($"operation {i} has an unknown op \"{op}\" (expected add, remove, replace, move, copy or test)");
            }

            var path = Pointer(RequiredString(entry, "path", i, op), op, "path");
            JsonPointer? from = null;
            if (op is "move" or "copy")
            {
                from = Pointer(RequiredString(entry, "from", i, op), op, "from");
            }

            JsonNode? value = null;
            if (op is "add" or "replace" or "test")
            {
                if (!entry.TryGetPropertyValue("value", out value))
                {
                    throw Malformed($"operation {i} ({op} {path.Text}) has no \"value\"");
                }
            }

            operations.Add(new Operation(i, op, path, from, value));
        }

        return operations;
    }

    private static string RequiredString(JsonObject entry, string member, int index, string what)
    {
        if (entry[member] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        throw Malformed($"operation {index} ({what}) has no string \"{member}\"");
    }

    private static JsonPointer Pointer(string text, string op, string member) =>
        JsonPointer.TryParse(text, out var error) ?? throw PatchErrors.CannotApply($"{op} operation: {member} {error}");

    private static JsonNode? Execute(JsonNode? document, Operation operation)
    {
        var path = operation.Path;
        switch (operation.Op)
        {
            case "add":
                return Add(document, path, operation.Value?.DeepClone(), operation);
            case "remove":
                Remove(document, path, operation);
                return path.IsRoot ? null : document;
            case "replace":
                if (!TryGet(document, path, out _))
                {
                    throw DoesNotApply(operation, "the target location does not exist");
                }

                if (path.IsRoot)
                {
                    return operation.Value?.DeepClone();
                }

                Remove(document, path, operation);
                return Add(document, path, operation.Value?.DeepClone(), operation);
            case "move":
                var from = operation.From!;
                if (path.IsStrictlyInside(from))
                {
                    throw DoesNotApply(operation, $"cannot move \"{from.Text}\" into one of its own children");
                }

                if (!TryGet(document, from, out var moved))
                {
                    throw DoesNotApply(operation, $"the \"from\" location \"{from.Text}\" does not exist");
                }

                if (from.IsRoot)
                {
                    return Add(null, path, moved, operation);
                }

                Remove(document, from, operation);
                return Add(document, path, moved, operation);
            case "copy":
                if (!TryGet(document, operation.From!, out var copied))
                {
                    throw DoesNotApply(operation, $"the \"from\" location \"{operation.From!.Text}\" does not exist");
                }

                return Add(document, path, copied?.DeepClone(), operation);
            default: // test
                if (!TryGet(document, path, out var actual))
                {
                    throw DoesNotApply(operation, "the target location does not exist");
                }

                if (!JsonNode.DeepEquals(actual, operation.Value))
                {
                    throw DoesNotApply(operation, "the value there is not equal to the expected value");
                }

                return document;
        }
    }

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value, Operation operation)
    {
        if (path.IsRoot)
        {
            return value;
        }

        if (!TryGet(document, path.ParentTokens, out var parent))
        {
            throw DoesNotApply(operation, "the parent of the target location does not exist");
        }

        switch (parent)
        {
            case JsonObject obj:
                obj[path.LastToken] = value;
                break;
            case JsonArray array when path.LastToken == "-":
                array.Add(value);
                break;
            case JsonArray array:
                var index = JsonPointer.ParseIndex(path.LastToken)
                    ?? throw DoesNotApply(operation, $"\"{path.LastToken}\" is not an array index");
                if (index > array.Count)
                {
                    throw DoesNotApply(operation, $"index {index} is out of bounds for an array of length {array.Count}");
                }

                array.Insert(index, value);
                break;
            default:
                throw DoesNotApply(operation, "the parent of the target location is not an object or an array");
        }

        return document;
    }

    private static void Remove(JsonNode? document, JsonPointer path, Operation operation)
    {
        if (path.IsRoot)
        {
            return;
        }

        TryGet(document, path.ParentTokens, out var parent);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(path.LastToken):
                obj.Remove(path.LastToken);
                return;
            case JsonArray array when JsonPointer.ParseIndex(path.LastToken) is { } index && index < array.Count:
                array.RemoveAt(index);
                return;
            default:
                throw DoesNotApply(operation, "the target location does not exist");
        }
    }

    private static bool TryGet(JsonNode? document, JsonPointer pointer, out JsonNode? value) =>
        TryGet(document, pointer.Tokens, out value);

    private static bool TryGet(JsonNode? document, IEnumerable<string> tokens, out JsonNode? value)
    {
        value = document;
        foreach (var token in tokens)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var member):
                    value = member;
                    break;
                case JsonArray array when JsonPointer.ParseIndex(token) is { } index && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static ApiError Malformed(string detail) => ApiError.BadRequest($"invalid JSON patch: {detail}");

    private static ApiError DoesNotApply(Operation operation, string reason) =>
        PatchErrors.CannotApply($"{operation.Op} operation at \"{operation.Path.Text}\" (operation {operation.Index}) does not apply: {reason}");
}
