using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

public class BackoffTests
{
    [Fact]
    public void Waits_double_from_the_first_up_to_the_longest_and_a_success_starts_again()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(5));

        var waits = Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalMilliseconds).ToList();
        backoff.Reset();

        Assert.Equal([800, 1600, 3200, 5000, 5000], waits);
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.Next());
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(60, 5)]
    [InlineData(0.1, 0.8)]
    public void A_retry_after_from_the_server_lengthens_a_wait_but_never_past_the_longest(double retryAfterSeconds, double expectedSeconds)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), backoff.Next(TimeSpan.FromSeconds(retryAfterSeconds)));
    }
}
