using System.Globalization;

namespace Rollouts.Engine.Providers;

/// <summary>Sample values as Prometheus writes them: a decimal, "NaN", "+Inf" or "-Inf".</summary>
public static class SampleValues
{
    public static bool TryParse(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
