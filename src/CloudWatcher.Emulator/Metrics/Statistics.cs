using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudWatcher.Emulator.Metrics;

/// <summary>Statistic parsing and aggregation over the datapoints of one period bucket.</summary>
internal static partial class Statistics
{
    [GeneratedRegex(@"^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$")] private static partial Regex PercentileRegex();

    /// <summary>Returns the percentile (0..100) for pNN stats, -1 for the simple stats, or null when unsupported.</summary>
    public static double? Parse(string stat)
    {
        if (stat is "Average" or "Sum" or "Minimum" or "Maximum" or "SampleCount") return -1;
        if (PercentileRegex().IsMatch(stat)) return double.Parse(stat.AsSpan(1), CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>Aggregates one bucket; null when the statistic has no value (e.g. percentile with no distribution).</summary>
    public static double? Compute(string stat, double percentile, List<Datapoint> points, int from, int to)
    {
        double count = 0, sum = 0, min = double.MaxValue, max = double.MinValue;
        for (int i = from; i < to; i++)
        {
            var p = points[i];
            count += p.SampleCount;
            sum += p.Sum;
            if (p.Min < min) min = p.Min;
            if (p.Max > max) max = p.Max;
        }
        switch (stat)
        {
            case "Average": return count > 0 ? sum / count : null;
            case "Sum": return sum;
            case "Minimum": return min;
            case "Maximum": return max;
            case "SampleCount": return count;
        }
        return Percentile(percentile, points, from, to);
    }

    private static double? Percentile(double pct, List<Datapoint> points, int from, int to)
    {
        var dist = new List<(double Value, double Weight)>();
        for (int i = from; i < to; i++)
        {
            var p = points[i];
            if (p.Values is { } vals)
            {
                for (int k = 0; k < vals.Length; k++)
                    if (p.Counts![k] > 0) dist.Add((vals[k], p.Counts[k]));
            }
            else if (p.SampleCount == 1 || p.Min == p.Max)
            {
                dist.Add((p.Min, p.SampleCount));
            }
        }
        if (dist.Count == 0) return null;
        dist.Sort((a, b) => a.Value.CompareTo(b.Value));
        double total = dist.Sum(d => d.Weight);
        if (pct <= 0) return dist[0].Value;
        // Nearest-rank: smallest value whose cumulative weight reaches pct% of the total.
        double rank = pct / 100.0 * total;
        double cum = 0;
        foreach (var (value, weight) in dist)
        {
            cum += weight;
            if (cum >= rank - 1e-9) return value;
        }
        return dist[^1].Value;
    }
}
