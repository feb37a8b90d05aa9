using Rollouts.Engine.Judge;

namespace Rollouts.Engine.Tests.Judge;

public class NormalDistributionTests
{
    [Theory]
    // Reference values of the standard normal CDF (printed in every table; digits from a double-precision erfc).
    [InlineData(0, 0.5)]
    [InlineData(1.96, 0.9750021048517795)]
    [InlineData(-1.6448536269514722, 0.05)]
    [InlineData(-3, 0.0013498980316300957)]
    [InlineData(1, 0.8413447460685429)]
    public void Cdf_matches_the_table(double z, double expected) =>
        AssertClose(expected, NormalDistribution.Cdf(z));

    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(2, 0.004677734981047266)]
    [InlineData(5, 1.5374597944280351e-12)]
    [InlineData(-1, 1.842700792949715)]
    public void Erfc_matches_reference_values(double x, double expected) =>
        AssertClose(expected, NormalDistribution.Erfc(x));

    /// <summary>Equal to 13 significant digits (relative), so that tiny tail probabilities are checked as strictly as large ones.</summary>
    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
