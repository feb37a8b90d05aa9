namespace Rollouts.Engine.Providers;

/// <summary>What a provider measured: a list of series (empty when the query matched nothing).</summary>
/// <param name="Kind">The shape of the answer, as Prometheus names it.</param>
/// <param name="Series">
/// One entry per series. An instant vector has one sample per series; a matrix (range query) has the samples over
/// the window, oldest first; a scalar is one unlabelled series with one sample.
/// </param>
/// <param name="Text">For a string result (or a non-numeric web value): the text, bounded in size.</param>
public sealed record QueryResult(ResultKind Kind, IReadOnlyList<MetricSeries> Series, string? Text = null)
{
    public static QueryResult Empty(ResultKind kind) => new(kind, []);

    /// <summary>A scalar: one unlabelled series holding one sample.</summary>
    public static QueryResult Scalar(DateTimeOffset timestamp, double value) =>
        new(ResultKind.Scalar, [new MetricSeries(MetricSeries.NoLabels, [new MetricSample(timestamp, value)])]);

    /// <summary>The latest value of each series, in order (what a condition such as <c>result[0] &gt;= 0.99</c> reads).</summary>
    public IReadOnlyList<double> Values => [.. Series.Where(s => s.Samples.Count > 0).Select(s => s.Value)];
}

/// <summary>The shape of a query's answer.</summary>
public enum ResultKind
{
    Vector,
    Scalar,
    Matrix,
    String,
}

/// <summary>One time series: its labels and its samples, oldest first.</summary>
public sealed record MetricSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<MetricSample> Samples)
{
    public static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>The latest sample's value (an instant query has exactly one sample).</summary>
    public double Value => Samples[^1].Value;
}

/// <summary>One sample. NaN and ±Infinity are valid values (Prometheus answers "NaN", "+Inf", "-Inf").</summary>
public sealed record MetricSample(DateTimeOffset Timestamp, double Value);
