using System.Globalization;
using System.Text.Json;

namespace Rollouts.Engine.Providers.Web;

/// <summary>
/// The small JSON path a web metric picks its value with: <c>$</c>, then <c>.name</c>, <c>['name']</c> and
/// <c>[index]</c> steps, e.g. <c>$.data.value</c> or <c>$.items[0].x</c>. No wildcards, filters or slices.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<object> _steps;

    private JsonPath(string text, IReadOnlyList<object> steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>, or says at which character it is wrong.</summary>
    public static bool TryParse(string text, out JsonPath? path, out string? error)
    {
        path = null;
        error = null;
        var steps = new List<object>();
        if (string.IsNullOrEmpty(text) || text[0] != '$')
        {
            error = $"jsonPath \"{text}\" must start with $";
            return false;
        }

        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    error = $"jsonPath \"{text}\" has an empty name at character {start + 1}";
                    return false;
                }

                steps.Add(text[start..i]);
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] is '\'' or '"')
            {
                var quote = text[i + 1];
                var end = text.IndexOf(quote, i + 2);
                if (end < 0 || end + 1 >= text.Length || text[end + 1] != ']')
                {
                    error = $"jsonPath \"{text}\" has an unclosed ['name'] at character {i + 1}";
                    return false;
                }

                steps.Add(text[(i + 2)..end]);
                i = end + 2;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0 || !int.TryParse(text.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"jsonPath \"{text}\" needs a non-negative index like [0] at character {i + 1}";
                    return false;
                }

                steps.Add(index);
                i = end + 1;
            }
            else
            {
                error = $"jsonPath \"{text}\" has an unexpected '{text[i]}' at character {i + 1}; use .name, ['name'] or [index]";
                return false;
            }
        }

        path = new JsonPath(text, steps);
        return true;
    }

    /// <summary>The element the path leads to, or false (with where it stopped) when the document has no such element.</summary>
    public bool TrySelect(JsonElement root, out JsonElement value, out string? missing)
    {
        value = root;
        missing = null;
        var walked = "$";
        foreach (var step in _steps)
        {
            if (step is string name && value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var child))
            {
                value = child;
                walked += "." + name;
            }
            else if (step is int index && value.ValueKind == JsonValueKind.Array && index < value.GetArrayLength())
            {
                value = value[index];
                walked += $"[{index}]";
            }
            else
            {
                missing = $"jsonPath {Text} matched nothing: {walked} is {Describe(value)}, with no {(step is int i ? $"[{i}]" : $"\"{step}\"")}";
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.Null => "null",
        var kind => "a " + kind.ToString().ToLowerInvariant(),
    };

    public override string ToString() => Text;
}
