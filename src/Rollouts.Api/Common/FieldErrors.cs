using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Api.Common;

/// <summary>Collects the validation errors of one resource, in the order they are found.</summary>
internal sealed class FieldErrors
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> ToList() => _errors.ToArray();

    public void Add(string field, string reason, string message) => _errors.Add(new ValidationError(field, reason, message));

    public void Required(string field, string message) => Add(field, ValidationReason.Required, message);

    public void OutOfRange(string field, string message) => Add(field, ValidationReason.OutOfRange, message);

    /// <summary>Reports a number below <paramref name="minimum"/>; the message names the field's short name and the value.</summary>
    public void AtLeast(string field, int? value, int minimum)
    {
        if (value < minimum)
        {
            OutOfRange(field, $"{Name(field)} is {value}; it must be {minimum} or more");
        }
    }

    /// <summary>Reports a number outside <paramref name="minimum"/>..<paramref name="maximum"/>.</summary>
    public void Between(string field, int? value, int minimum, int maximum, string what)
    {
        if (value < minimum || value > maximum)
        {
            OutOfRange(field, $"{what} {value} is out of range; it must be between {minimum} and {maximum}");
        }
    }

    /// <summary>
    /// Reports each field the serializer did not recognise on an object of type <typeparamref name="T"/>. Names in
    /// <paramref name="notSupported"/> are known (from Argo Rollouts) but not supported yet; the value says what to use.
    /// Any other name is unknown, reported with the known names and the nearest one when it looks like a typo.
    /// </summary>
    public void UnknownFields<T>(string path, IDictionary<string, JsonElement>? unknown,
        IReadOnlyDictionary<string, string>? notSupported = null, string what = "field")
    {
        if (unknown is null || unknown.Count == 0)
        {
            return;
        }

        var known = KnownFields(typeof(T));
        foreach (var name in unknown.Keys.Order(StringComparer.Ordinal))
        {
            var field = Child(path, name);
            if (notSupported is not null && notSupported.TryGetValue(name, out var instead))
            {
                Add(field, ValidationReason.NotSupported, $"{what} \"{name}\" is not supported yet; {instead}");
                continue;
            }

            var suggestion = NameSuggestion.Nearest(name, known);
            var hint = suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)";
            Add(field, ValidationReason.UnknownField, $"unknown {what} \"{name}\"{hint}; known: {string.Join(", ", known)}");
        }
    }

    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Key(string path, string key) => $"{path}[{key}]";

    /// <summary>The last name in a path: <c>replicas</c> for <c>spec.replicas</c>.</summary>
    public static string Name(string field)
    {
        var dot = field.LastIndexOf('.');
        return dot < 0 ? field : field[(dot + 1)..];
    }

    /// <summary>The JSON names the serializer reads on <paramref name="type"/>, in declaration order.</summary>
    private static string[] KnownFields(Type type) =>
        RolloutsJsonContext.Default.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } info
            ? [.. info.Properties.Where(p => !p.IsExtensionData).Select(p => p.Name)]
            : [];
}
