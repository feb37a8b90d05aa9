namespace Rollouts.Engine.Judge;

/// <summary>
/// The Hodges–Lehmann estimate of the shift between two samples: the median of all pairwise differences
/// first[i] - second[j]. Robust to outliers; it is the shift the Mann–Whitney test is about.
/// </summary>
public static class HodgesLehmann
{
    /// <summary>The median of first[i] - second[j] over all pairs; O(m·n) time and memory.</summary>
    public static double Estimate(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        var differences = new double[first.Count * second.Count];
        var k = 0;
        foreach (var x in first)
        {
            foreach (var y in second)
            {
                differences[k++] = x - y;
            }
        }

        return Median(differences);
    }

    /// <summary>The median of the values (the mean of the middle two for an even count); sorts the array in place.</summary>
    internal static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
