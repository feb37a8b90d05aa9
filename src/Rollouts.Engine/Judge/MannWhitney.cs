namespace Rollouts.Engine.Judge;

/// <summary>Which alternative hypothesis a test checks, about the first sample relative to the second.</summary>
public enum MannWhitneyAlternative
{
    /// <summary>The samples differ in either direction.</summary>
    TwoSided,

    /// <summary>The first sample tends to be larger than the second.</summary>
    Greater,

    /// <summary>The first sample tends to be smaller than the second.</summary>
    Less,
}

/// <summary>The outcome of a Mann–Whitney U test.</summary>
/// <param name="U">U of the first sample: the pairs (x, y) with x &gt; y, plus half the pairs with x == y.</param>
/// <param name="PValue">The p-value for the chosen alternative.</param>
/// <param name="Exact">True when the p-value comes from the exact null distribution of U, false for the normal approximation.</param>
/// <param name="Z">The standardised statistic of the normal approximation (with continuity correction); null when exact.</param>
public sealed record MannWhitneyResult(double U, double PValue, bool Exact, double? Z);

/// <summary>
/// The Mann–Whitney U (Wilcoxon rank-sum) test. With both samples of at most <see cref="ExactLimit"/> values and no
/// ties the p-value is exact (the null distribution of U is counted); otherwise it is the normal approximation with
/// the tie correction of the variance and a continuity correction of 0.5.
/// </summary>
public static class MannWhitney
{
    /// <summary>The largest sample size per side for which the exact distribution is used.</summary>
    public const int ExactLimit = 20;

    public static MannWhitneyResult Test(IReadOnlyList<double> first, IReadOnlyList<double> second, MannWhitneyAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        if (first.Any(double.IsNaN) || second.Any(double.IsNaN))
        {
            throw new ArgumentException("The samples contain NaN; drop NaN values before testing.");
        }

        var (u, tieTerm) = Statistic(first, second);
        var (m, n) = (first.Count, second.Count);
        if (tieTerm == 0 && m <= ExactLimit && n <= ExactLimit)
        {
            return new MannWhitneyResult(u, ExactPValue(u, m, n, alternative), Exact: true, Z: null);
        }

        var (z, p) = NormalPValue(u, m, n, tieTerm, alternative);
        return new MannWhitneyResult(u, p, Exact: false, z);
    }

    /// <summary>U of the first sample from mid-ranks, and the tie term sum(t^3 - t) over groups of tied values.</summary>
    private static (double U, double TieTerm) Statistic(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        var all = first.Select(v => (Value: v, First: true)).Concat(second.Select(v => (Value: v, First: false)))
            .OrderBy(p => p.Value).ToArray();
        double firstRankSum = 0, tieTerm = 0;
        for (var start = 0; start < all.Length;)
        {
            var end = start;
            while (end + 1 < all.Length && all[end + 1].Value == all[start].Value)
            {
                end++;
            }

            double size = end - start + 1;
            var midRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                if (all[i].First)
                {
                    firstRankSum += midRank;
                }
            }

            tieTerm += size * size * size - size;
            start = end + 1;
        }

        double m = first.Count;
        return (firstRankSum - m * (m + 1) / 2, tieTerm);
    }

    private static double ExactPValue(double u, int m, int n, MannWhitneyAlternative alternative)
    {
        var counts = ExactCounts(m, n);
        var total = counts.Sum();
        var observed = (int)u;
        double atMost = 0, atLeast = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            atMost += k <= observed ? counts[k] : 0;
            atLeast += k >= observed ? counts[k] : 0;
        }

        return alternative switch
        {
            MannWhitneyAlternative.Less => atMost / total,
            MannWhitneyAlternative.Greater => atLeast / total,
            _ => Math.Min(1, 2 * Math.Min(atMost, atLeast) / total),
        };
    }

    /// <summary>
    /// counts[u] = the number of orderings of m first and n second values (no ties) whose U is u. Recurrence on the
    /// largest value: if it belongs to the first sample it beats all n second values, so
    /// c(m, n, u) = c(m - 1, n, u - n) + c(m, n - 1, u), with c(0, n, 0) = c(m, 0, 0) = 1.
    /// </summary>
    internal static double[] ExactCounts(int m, int n)
    {
        var table = new double[m + 1, n + 1][];
        for (var i = 0; i <= m; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                var counts = new double[i * j + 1];
                if (i == 0 || j == 0)
                {
                    counts[0] = 1;
                }
                else
                {
                    var withoutFirst = table[i - 1, j];
                    var withoutSecond = table[i, j - 1];
                    for (var k = 0; k < counts.Length; k++)
                    {
                        counts[k] = (k < withoutSecond.Length ? withoutSecond[k] : 0)
                            + (k >= j && k - j < withoutFirst.Length ? withoutFirst[k - j] : 0);
                    }
                }

                table[i, j] = counts;
            }
        }

        return table[m, n];
    }

    private static (double Z, double P) NormalPValue(double u, int m, int n, double tieTerm, MannWhitneyAlternative alternative)
    {
        double total = m + n;
        var mean = (double)m * n / 2;
        var variance = (double)m * n / 12 * (total + 1 - tieTerm / (total * (total - 1)));
        if (variance <= 0)
        {
            // Every value is the same: the samples give no evidence of any difference.
            return (0, 1);
        }

        var difference = u - mean;
        var correction = alternative switch
        {
            MannWhitneyAlternative.Greater => 0.5,
            MannWhitneyAlternative.Less => -0.5,
            _ => Math.Sign(difference) * 0.5,
        };
        var z = (difference - correction) / Math.Sqrt(variance);
        var p = alternative switch
        {
            MannWhitneyAlternative.Greater => NormalDistribution.Cdf(-z),
            MannWhitneyAlternative.Less => NormalDistribution.Cdf(z),
            _ => Math.Min(1, 2 * NormalDistribution.Cdf(-Math.Abs(z))),
        };
        return (z, p);
    }
}
