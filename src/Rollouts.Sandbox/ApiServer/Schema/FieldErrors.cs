using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// The causes of an Invalid (422) answer, worded as the real server words them: a reason such as
/// FieldValueInvalid and a message like <c>Invalid value: -1: spec.replicas in body should be ...</c>.
/// Values arrive already formatted (see <see cref="GoFormat"/>).
/// </summary>
internal static class FieldErrors
{
    public static StatusCause Required(string field, string detail = "") =>
        new("FieldValueRequired", WithDetail("Required value", detail), field);

    public static StatusCause Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", WithDetail($"Invalid value: {value}", detail), field);

    public static StatusCause TypeInvalid(string field, string value, string detail) =>
        new("FieldValueTypeInvalid", WithDetail($"Invalid value: {value}", detail), field);

    public static StatusCause NotSupported(string field, string value, IEnumerable<string> supported)
    {
        var quoted = supported.Select(GoFormat.Quote).ToList();
        var detail = quoted.Count == 0 ? "" : "supported values: " + string.Join(", ", quoted);
        return new("FieldValueNotSupported", WithDetail($"Unsupported value: {value}", detail), field);
    }

    public static StatusCause TooLong(string field, long maxLength)
    {
        var detail = maxLength >= 0
            ? $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}"
            : "value is too long";
        return new("FieldValueTooLong", $"Too long: {detail}", field);
    }

    public static StatusCause TooMany(string field, long actual, long max)
    {
        var detail = max >= 0 ? $"must have at most {max} {(max == 1 ? "item" : "items")}" : "has too many items";
        var body = actual >= 0 ? $"Too many: {actual}" : "Too many";
        return new("FieldValueTooMany", $"{body}: {detail}", field);
    }

    public static StatusCause Duplicate(string field, string value) =>
        new("FieldValueDuplicate", $"Duplicate value: {value}", field);

    public static StatusCause Forbidden(string field, string detail) =>
        new("FieldValueForbidden", WithDetail("Forbidden", detail), field);

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : $"{body}: {detail}";
}
