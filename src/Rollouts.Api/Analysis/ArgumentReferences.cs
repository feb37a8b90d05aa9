using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Api.Common;

namespace Rollouts.Api.Analysis;

/// <summary>One <c>{{args.name}}</c> in a string field of a metric: the argument's name and the field's path.</summary>
public sealed record ArgumentReference(string Name, string Field);

/// <summary>
/// Finds and replaces <c>{{args.name}}</c> in metrics. Every string field of a metric may use arguments (a query,
/// a URL, a header, a condition); spaces inside the braces are allowed: <c>{{ args.name }}</c>.
/// </summary>
public static partial class ArgumentReferences
{
    /// <summary>Every argument reference in <paramref name="metric"/>, in field order, with field paths under <paramref name="path"/>.</summary>
    public static IReadOnlyList<ArgumentReference> Find(Metric metric, string path)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var found = new List<ArgumentReference>();
        Walk(JsonSerializer.SerializeToNode(metric, RolloutsJsonContext.Default.Metric), path, found);
        return found;
    }

    /// <summary>The names referenced in <paramref name="text"/>, in order, repeated as often as they occur.</summary>
    public static IEnumerable<string> Names(string text) =>
        Reference().Matches(text).Select(m => m.Groups["name"].Value);

    /// <summary>
    /// <paramref name="text"/> with each reference replaced by the argument's value. A reference to a name not in
    /// <paramref name="values"/> is left as it is, for validation to have reported.
    /// </summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        return Reference().Replace(text, m => values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);
    }

    private static void Walk(JsonNode? node, string path, List<ArgumentReference> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Walk(child, FieldErrors.Child(path, key), found);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], FieldErrors.Index(path, i), found);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                found.AddRange(Names(value.GetValue<string>()).Select(name => new ArgumentReference(name, path)));
                break;
        }
    }

    [GeneratedRegex(@"\{\{\s*args\.(?<name>[^\s{}]+)\s*\}\}")]
    private static partial Regex Reference();
}
