using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Kubernetes.Tests.Runtime.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\"quote", "a\\\"quote")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("two\nlines", "two\\nlines")]
    public void Label_values_are_escaped(string value, string written) =>
        Assert.Equal(written, PrometheusTextWriter.EscapeLabelValue(value));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.0, "12")]
    [InlineData(0.005, "0.005")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Values_are_written_as_Prometheus_reads_them(double value, string written) =>
        Assert.Equal(written, PrometheusTextWriter.FormatValue(value));

    [Fact]
    public void A_family_is_help_type_then_samples()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("things_total", "counter", "Things seen\nso far");
        writer.Sample("things_total", [new("kind", "a\"b")], 3);
        writer.Sample("things_total", [], 1);

        Assert.Equal("""
            # HELP things_total Things seen\nso far
            # TYPE things_total counter
            things_total{kind="a\"b"} 3
            things_total 1

            """.ReplaceLineEndings("\n"), writer.ToString());
    }
}
