using Rollouts.Engine.Judge;

namespace Rollouts.Engine.Tests.Judge;

public class MannWhitneyTests
{
    // Hollander & Wolfe (1973), p. 69, the example in R's wilcox.test documentation: W = 35, one-sided p = 0.1272.
    // The exact probabilities were checked by enumerating all C(15, 5) = 3003 assignments of ranks.
    private static readonly double[] HollanderWolfeX = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    private static readonly double[] HollanderWolfeY = [1.15, 0.88, 0.90, 0.74, 1.21];

    [Theory]
    [InlineData(MannWhitneyAlternative.Greater, 0.1272061272061272)]
    [InlineData(MannWhitneyAlternative.Less, 0.8967698967698968)]
    [InlineData(MannWhitneyAlternative.TwoSided, 0.2544122544122544)]
    public void Exact_p_values_match_the_published_example(MannWhitneyAlternative alternative, double p)
    {
        var result = MannWhitney.Test(HollanderWolfeX, HollanderWolfeY, alternative);

        Assert.Equal(35, result.U);
        Assert.True(result.Exact);
        Assert.Null(result.Z);
        Assert.Equal(p, result.PValue, 12);
    }

    [Theory]
    // Completely separated samples of 3: U = 0 happens in 1 of C(6, 3) = 20 orderings.
    [InlineData(MannWhitneyAlternative.Less, 0, 0.05)]
    [InlineData(MannWhitneyAlternative.Greater, 0, 1.0)]
    [InlineData(MannWhitneyAlternative.TwoSided, 0, 0.1)]
    public void Exact_p_values_for_separated_samples(MannWhitneyAlternative alternative, double u, double p)
    {
        var result = MannWhitney.Test([1, 2, 3], [4, 5, 6], alternative);

        Assert.Equal(u, result.U);
        Assert.Equal(p, result.PValue, 12);
    }

    [Fact]
    public void The_exact_distribution_counts_every_ordering()
    {
        // By hand: the 20 orderings of 3 + 3 values give U = 0..9 with these frequencies (symmetric, sum 20).
        Assert.Equal([1, 1, 2, 3, 3, 3, 3, 2, 1, 1], MannWhitney.ExactCounts(3, 3));
        Assert.Equal(184756, MannWhitney.ExactCounts(10, 10).Sum()); // C(20, 10)
        Assert.Equal(137846528820, MannWhitney.ExactCounts(20, 20).Sum()); // C(40, 20)
    }

    [Theory]
    // Critical values of U from the standard Mann-Whitney tables: the largest U with P(U <= u) <= alpha.
    // n1 = n2 = 10: 23 (two-sided 0.05), 27 (one-sided 0.05); n1 = n2 = 8: 13 (two-sided 0.05), 15 (one-sided 0.05).
    [InlineData(10, 23, 0.025)]
    [InlineData(10, 27, 0.05)]
    [InlineData(8, 13, 0.025)]
    [InlineData(8, 15, 0.05)]
    public void Exact_distribution_agrees_with_published_critical_values(int n, int critical, double alpha)
    {
        var counts = MannWhitney.ExactCounts(n, n);
        var total = counts.Sum();

        Assert.True(counts.Take(critical + 1).Sum() / total <= alpha);
        Assert.True(counts.Take(critical + 2).Sum() / total > alpha);
    }

    [Theory]
    // Small samples with ties use the normal approximation. By hand: mid-ranks give U = 2.5; tie groups (2: 3 values,
    // 3: 2 values, 4: 2 values) give sum(t^3 - t) = 36, so var = 4*5/12 * (10 - 36/72) = 15.8333; z = (2.5 - 10 -+ 0.5) / sd.
    [InlineData(MannWhitneyAlternative.Greater, -2.0104987598001385, 0.9778107863272566)]
    [InlineData(MannWhitneyAlternative.Less, -1.759186414825121, 0.03927292547559535)]
    [InlineData(MannWhitneyAlternative.TwoSided, -1.759186414825121, 0.0785458509511907)]
    public void Ties_use_the_normal_approximation_with_tie_and_continuity_correction(MannWhitneyAlternative alternative, double z, double p)
    {
        var result = MannWhitney.Test([1, 2, 2, 3], [2, 3, 4, 4, 5], alternative);

        Assert.Equal(2.5, result.U);
        Assert.False(result.Exact);
        Assert.Equal(z, result.Z!.Value, 12);
        Assert.Equal(p, result.PValue, 12);
    }

    [Theory]
    // 22 + 22 values with ties; U = 129.5, tie-corrected variance 1808.988 (computed from the same formulas by hand in
    // a script with exact mid-ranks).
    [InlineData(MannWhitneyAlternative.Less, 0.004227996442842095)]
    [InlineData(MannWhitneyAlternative.TwoSided, 0.00845599288568419)]
    [InlineData(MannWhitneyAlternative.Greater, 0.9960558098074497)]
    public void Larger_samples_with_ties(MannWhitneyAlternative alternative, double p)
    {
        double[] x = [1.5, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10, 11, 11, 12, 13, 14, 15];
        double[] y = [3, 4, 5, 5, 6, 7, 8, 9, 9, 10, 11, 12, 12, 13, 14, 15, 15, 16, 17, 18, 19, 20];

        var result = MannWhitney.Test(x, y, alternative);

        Assert.Equal(129.5, result.U);
        Assert.Equal(p, result.PValue, 12);
    }

    [Fact]
    public void Samples_larger_than_the_exact_limit_use_the_normal_approximation()
    {
        // 25 + 25 values, no ties, y = x + 10.5: U = 105, var = 25*25*51/12 = 2656.25, z = (105 - 312.5 + 0.5) / 51.54.
        var x = Enumerable.Range(1, 25).Select(v => (double)v).ToArray();
        var y = x.Select(v => v + 10.5).ToArray();

        var result = MannWhitney.Test(x, y, MannWhitneyAlternative.Less);

        Assert.False(result.Exact);
        Assert.Equal(105, result.U);
        Assert.Equal(-4.016389950601674, result.Z!.Value, 12);
        Assert.Equal(2.9548220427980155e-05, result.PValue, 15);
    }

    [Fact]
    public void Identical_constant_samples_give_no_evidence()
    {
        var result = MannWhitney.Test([5, 5, 5], [5, 5], MannWhitneyAlternative.TwoSided);

        Assert.Equal(3, result.U);
        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void Empty_samples_and_NaN_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([], [1], MannWhitneyAlternative.TwoSided));
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([double.NaN], [1], MannWhitneyAlternative.TwoSided));
    }
}
