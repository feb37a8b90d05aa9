namespace Rollouts.Engine.Providers;

/// <summary>Keeps text that ends up in status small: long text is cut and marked as cut.</summary>
public static class BoundedText
{
    private const string Marker = "… (truncated)";

    /// <summary>Returns <paramref name="text"/> if it fits in <paramref name="maxLength"/> characters, else its start and a marker.</summary>
    public static string Cut(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Marker.Length + 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var keep = maxLength - Marker.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), Marker);
    }
}
