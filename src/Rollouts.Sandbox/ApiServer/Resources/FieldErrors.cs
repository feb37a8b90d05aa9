using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// Collects the field errors of one object and words them as the API server does
/// ("Required value", "Invalid value: \"x\": why", "Unsupported value: ...", "Duplicate value: ...").
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<StatusCause> _causes = [];

    public bool IsEmpty => _causes.Count == 0;

    public IReadOnlyList<StatusCause> Causes => _causes;

    public void Required(string field, string? detail = null) =>
        _causes.Add(new("FieldValueRequired", detail is null ? "Required value" : $"Required value: {detail}", field));

    public void Invalid(string field, object? value, string detail) =>
        _causes.Add(new("FieldValueInvalid", $"Invalid value: {Quote(value)}: {detail}", field));

    public void NotSupported(string field, object? value, IEnumerable<string> supported) =>
        _causes.Add(new(
            "FieldValueNotSupported",
            $"Unsupported value: {Quote(value)}: supported values: {string.Join(", ", supported.Select(s => Quote(s)))}",
            field));

    public void Duplicate(string field, object? value) =>
        _causes.Add(new("FieldValueDuplicate", $"Duplicate value: {Quote(value)}", field));

    /// <summary>Throws 422 Invalid for <paramref name="kind"/> "name" when any error was collected.</summary>
    public void ThrowIfAny(string kind, string group, string name)
    {
        if (IsEmpty)
        {
            return;
        }
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        var detail = string.Join(", ", _causes.Select(c => $"{c.Field}: {c.Message}"));
        var message = _causes.Count == 1
            ? $"{qualifiedKind} \"{name}\" is invalid: {detail}"
            : $"{qualifiedKind} \"{name}\" is invalid: [{detail}]";
        throw new ApiError(422, "Invalid", message, name, group, kind, [.. _causes]);
    }

    private static string Quote(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        IEnumerable<string> list => "[" + string.Join(",", list.Select(s => Quote(s))) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
