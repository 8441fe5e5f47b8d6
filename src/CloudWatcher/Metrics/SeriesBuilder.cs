using CloudWatcher.Api;

namespace CloudWatcher.Metrics;

/// <summary>
/// Builds series requests from presets or explicit metrics: dimension upserts, instance ids, statistics,
/// and labels that tell the series apart.
/// </summary>
public static class SeriesBuilder
{
    public const string InstanceIdDimension = "InstanceId";

    /// <summary>Dimensions of a preset or metric with the caller's dimensions upserted and each instance id applied.</summary>
    public static IEnumerable<IReadOnlyList<Dimension>> ExpandDimensions(
        IReadOnlyList<Dimension> baseDimensions, IReadOnlyList<Dimension> overrides, IReadOnlyList<string> instanceIds, string what)
    {
        var merged = Upsert(baseDimensions, overrides);
        if (instanceIds.Count == 0)
        {
            Require(merged, what);
            yield return merged;
            yield break;
        }
        foreach (var id in instanceIds)
        {
            var withId = Upsert(merged, new[] { new Dimension(InstanceIdDimension, id) });
            Require(withId, what);
            yield return withId;
        }
    }

    /// <summary>Replaces dimensions of the same name (case-sensitive, as CloudWatch is) and appends new ones.</summary>
    public static IReadOnlyList<Dimension> Upsert(IReadOnlyList<Dimension> dimensions, IReadOnlyList<Dimension> overrides)
    {
        var result = dimensions.ToList();
        foreach (var o in overrides)
        {
            var index = result.FindIndex(d => d.Name == o.Name);
            if (index >= 0)
            {
                result[index] = o;
            }
            else
            {
                result.Add(o);
            }
        }
        return result;
    }

    /// <summary>Gives each series the shortest label that tells it apart: metric name, then differing dimensions, then statistic.</summary>
    public static IReadOnlyList<SeriesRequest> Label(IReadOnlyList<SeriesRequest> series)
    {
        var labelled = new SeriesRequest[series.Count];
        foreach (var group in series.Select((s, i) => (s, i)).GroupBy(x => x.s.Label ?? x.s.Metric.MetricName))
        {
            var members = group.ToList();
            var names = members.SelectMany(m => m.s.Metric.Dimensions.Select(d => d.Name)).Distinct().ToList();
            var differing = names.Where(n => members.Select(m => m.s.Metric.Dimensions.FirstOrDefault(d => d.Name == n)?.Value).Distinct().Count() > 1).ToList();
            var statisticsDiffer = members.Select(m => m.s.Statistic).Distinct().Count() > 1;
            var periodsDiffer = members.Select(m => m.s.Period).Distinct().Count() > 1;
            foreach (var (s, i) in members)
            {
                var parts = new List<string> { group.Key };
                if (members.Count > 1)
                {
                    // Values alone read best ("mem_used i-0123…", "disk_used_percent /nephele_data md0").
                    parts.AddRange(differing.Select(n => s.Metric.Dimensions.FirstOrDefault(d => d.Name == n)?.Value).Where(v => !string.IsNullOrEmpty(v))!);
                    if (statisticsDiffer) parts.Add(s.Statistic);
                    if (periodsDiffer) parts.Add($"{s.Period}s");
                }
                labelled[i] = s with { Label = string.Join(" ", parts) };
            }
        }
        return labelled;
    }

    private static void Require(IReadOnlyList<Dimension> dimensions, string what)
    {
        var open = dimensions.Where(d => string.IsNullOrEmpty(d.Value)).Select(d => d.Name).ToList();
        if (open.Count == 0)
        {
            return;
        }
        var hint = open.Contains(InstanceIdDimension)
            ? "give -InstanceId i-0123456789abcdef0"
            : $"give -Dimension '{open[0]}:<value>'";
        throw new ArgumentException($"{what} needs a value for the dimension {string.Join(", ", open)}: {hint}.");
    }
}
