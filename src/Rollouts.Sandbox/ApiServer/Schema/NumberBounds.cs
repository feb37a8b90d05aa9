using System.Globalization;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// minimum, maximum and multipleOf as the real server applies them. Integers are compared with the
/// bound cut to an integer, and the message prints it as one; other numbers compare and print as floats.
/// Each method returns the failure message for the value at <c>path</c>, or null when the value passes.
/// </summary>
internal static class NumberBounds
{
    public static string? MinimumFailure(string path, JsonData value, double minimum, bool exclusive)
    {
        var below = value.Kind == DataKind.Integer
            ? (exclusive ? value.Integer <= Truncate(minimum) : value.Integer < Truncate(minimum))
            : (exclusive ? value.Number <= minimum : value.Number < minimum);
        return below ? $"{path} in body should be greater than{(exclusive ? "" : " or equal to")} {Bound(value, minimum)}" : null;
    }

    public static string? MaximumFailure(string path, JsonData value, double maximum, bool exclusive)
    {
        var above = value.Kind == DataKind.Integer
            ? (exclusive ? value.Integer >= Truncate(maximum) : value.Integer > Truncate(maximum))
            : (exclusive ? value.Number >= maximum : value.Number > maximum);
        return above ? $"{path} in body should be less than{(exclusive ? "" : " or equal to")} {Bound(value, maximum)}" : null;
    }

    public static string? MultipleOfFailure(string path, JsonData value, double factor)
    {
        if (value.Kind == DataKind.Integer && Truncate(factor) is var integerFactor and not 0)
        {
            if (integerFactor < 0)
            {
                return $"factor MultipleOf declared for {path} must be positive: {integerFactor}";
            }
            return value.Integer % integerFactor == 0 ? null : $"{path} in body should be a multiple of {integerFactor}";
        }
        if (factor < 0)
        {
            return $"factor MultipleOf declared for {path} must be positive: {GoFormat.Float(factor)}";
        }
        var data = value.AsDouble;
        var quotient = factor < 1 ? 1 / factor * data : data / factor;
        var isWhole = !double.IsInfinity(quotient) && !double.IsNaN(quotient) && Math.Floor(quotient) == quotient;
        return isWhole ? null : $"{path} in body should be a multiple of {GoFormat.Float(factor)}";
    }

    private static string Bound(JsonData value, double bound) => value.Kind == DataKind.Integer
        ? Truncate(bound).ToString(CultureInfo.InvariantCulture)
        : GoFormat.Float(bound);

    private static long Truncate(double value) => value switch
    {
        >= long.MaxValue => long.MaxValue,
        <= long.MinValue => long.MinValue,
        double.NaN => 0,
        _ => (long)Math.Truncate(value),
    };
}
