using System.Text.Json;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Models;

public class KubernetesTimeConvertersTests
{
    private static readonly DateTimeOffset Instant = new(2024, 5, 1, 14, 30, 15, TimeSpan.FromHours(2));

    [Fact]
    public void Times_are_written_in_utc_with_whole_seconds()
    {
        var written = JsonSerializer.Serialize(new ObjectMeta { CreationTimestamp = Instant.AddTicks(1234567) }, KubernetesJsonContext.Default.ObjectMeta);

        Assert.Equal("""{"creationTimestamp":"2024-05-01T12:30:15Z"}""", written);
    }

    [Fact]
    public void Micro_times_are_written_in_utc_with_exactly_six_fractional_digits()
    {
        var lease = new Lease { Spec = new LeaseSpec { AcquireTime = Instant, RenewTime = Instant.AddTicks(1234567) } };

        var spec = JsonDocument.Parse(JsonSerializer.Serialize(lease, KubernetesJsonContext.Default.Lease)).RootElement.GetProperty("spec");

        Assert.Equal("2024-05-01T12:30:15.000000Z", spec.GetProperty("acquireTime").GetString());
        Assert.Equal("2024-05-01T12:30:15.123456Z", spec.GetProperty("renewTime").GetString());
    }

    [Theory]
    [InlineData("2024-05-01T12:30:15Z")]
    [InlineData("2024-05-01T14:30:15+02:00")]
    [InlineData("2024-05-01T12:30:15.000000Z")]
    public void Any_rfc3339_form_is_read(string text)
    {
        var meta = JsonSerializer.Deserialize($$"""{"creationTimestamp":"{{text}}"}""", KubernetesJsonContext.Default.ObjectMeta)!;

        Assert.Equal(Instant, meta.CreationTimestamp);
        Assert.Equal(TimeSpan.Zero, meta.CreationTimestamp!.Value.Offset);
    }

    [Fact]
    public void A_time_that_is_not_rfc3339_is_refused_with_the_value()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"creationTimestamp":"yesterday"}""", KubernetesJsonContext.Default.ObjectMeta));

        Assert.Contains("'yesterday' is not an RFC 3339 time", error.Message, StringComparison.Ordinal);
    }
}
