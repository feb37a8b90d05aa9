using Rollouts.Engine.Judge;

namespace Rollouts.Engine.Tests.Judge;

public class HodgesLehmannTests
{
    [Theory]
    // Differences x - y by hand: {-3,-4,-5,-2,-3,-4,-1,-2,-3}, median -3.
    [InlineData(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 }, -3)]
    // An even number of differences {1, 2}: the mean of the middle two.
    [InlineData(new double[] { 1, 2 }, new double[] { 0 }, 1.5)]
    // An outlier barely moves it: differences {10, 11, 12, 1000}.
    [InlineData(new double[] { 10, 11, 12, 1000 }, new double[] { 0 }, 11.5)]
    // A pure shift of 0.5 is estimated exactly.
    [InlineData(new double[] { 1.5, 2.5, 3.5, 4.5 }, new double[] { 1, 2, 3, 4 }, 0.5)]
    [InlineData(new double[] { 7, 7 }, new double[] { 7, 7, 7 }, 0)]
    public void The_estimate_is_the_median_of_pairwise_differences(double[] x, double[] y, double expected) =>
        Assert.Equal(expected, HodgesLehmann.Estimate(x, y), 12);

    [Fact]
    public void Empty_samples_are_refused() =>
        Assert.Throws<ArgumentException>(() => HodgesLehmann.Estimate([], [1]));
}
