using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Common;

/// <summary>
/// A count written as a whole number (<c>1</c>) or a percentage of a total (<c>"25%"</c>), as in
/// <c>maxSurge</c> and <c>maxUnavailable</c>. A number written as a string (<c>"1"</c>) is not accepted,
/// as with Deployments.
/// </summary>
public readonly record struct IntOrPercent(int Value, bool IsPercent)
{
    /// <summary>Reads the value; negative values are read so that validation can name them.</summary>
    public static bool TryParse(IntOrString value, out IntOrPercent result, [NotNullWhen(false)] out string? error)
    {
        result = default;
        if (value.Number is { } number)
        {
            result = new IntOrPercent(number, IsPercent: false);
            error = null;
            return true;
        }

        var text = value.Text ?? "";
        if (text.Length > 1 && text[^1] == '%'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            result = new IntOrPercent(percent, IsPercent: true);
            error = null;
            return true;
        }

        error = $"\"{text}\" is neither a whole number nor a percentage; write a number (1) or a percentage (\"25%\")";
        return false;
    }

    /// <summary>
    /// The count for <paramref name="total"/> items: the number itself, or the percentage of the total rounded up
    /// (<paramref name="roundUp"/>, as for maxSurge) or down (as for maxUnavailable).
    /// </summary>
    public int Resolve(int total, bool roundUp)
    {
        if (!IsPercent)
        {
            return Value;
        }

        var scaled = (long)Value * total;
        return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    public override string ToString() =>
        IsPercent ? Value.ToString(CultureInfo.InvariantCulture) + "%" : Value.ToString(CultureInfo.InvariantCulture);
}
