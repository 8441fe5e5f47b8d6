namespace CloudWatcher.Metrics;

/// <summary>Gives each metric query the shortest label that tells its series apart: metric name, then differing dimension values, statistic, period.</summary>
internal static class SeriesLabeler
{
    public static IReadOnlyList<MetricQuery> Label(IReadOnlyList<MetricQuery> queries)
    {
        var labelled = queries.ToArray();
        var groups = queries.Select((q, i) => (q, i))
            .Where(x => x.q is MetricStatQuery)
            .Select(x => (s: (MetricStatQuery)x.q, x.i))
            .GroupBy(x => x.s.Label ?? x.s.Metric.MetricName);
        foreach (var group in groups)
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
        for (var i = 0; i < labelled.Length; i++)
        {
            if (labelled[i] is ExpressionQuery e && e.Label is null)
            {
                labelled[i] = e with { Label = e.Id };
            }
        }
        return labelled;
    }
}
