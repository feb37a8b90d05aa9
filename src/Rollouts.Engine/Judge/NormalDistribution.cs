namespace Rollouts.Engine.Judge;

/// <summary>The standard normal distribution's CDF, accurate to about 1e-15 (no library provides erfc here).</summary>
internal static class NormalDistribution
{
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);

    /// <summary>P(Z &lt;= z) for a standard normal Z.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function, 1 - erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 2)
        {
            // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n (2x^2)^n x / (1*3*...*(2n+1)): every term positive, no cancellation.
            var term = x;
            var sum = x;
            for (var n = 1; term > 1e-17 * sum; n++)
            {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
            }

            return 1 - TwoOverSqrtPi * Math.Exp(-x * x) * sum;
        }

        if (x > 27)
        {
            return 0;
        }

        // Continued fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from
        // the tail; 120 terms are far more than x >= 2 needs for full double precision.
        var tail = x;
        for (var k = 120; k >= 1; k--)
        {
            tail = x + k / 2.0 / tail;
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / tail;
    }
}
