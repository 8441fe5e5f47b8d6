using CloudWatcher.Api;

namespace CloudWatcher.Metrics;

/// <summary>One series to read: a metric, a statistic and a period, plus how to show it.</summary>
public sealed record SeriesRequest(MetricIdentity Metric, string Statistic, int Period)
{
    /// <summary>Sent to CloudWatch as a filter: only data stored with this unit matches. Null matches any unit.</summary>
    public string? UnitFilter { get; init; }

    /// <summary>The unit for display and scaling (the filter, else the preset's declared unit).</summary>
    public string? DisplayUnit { get; init; }

    public string? Label { get; init; }

    public string? PresetName { get; init; }
}

/// <summary>Series completed by one GetMetricData batch (≤500 queries, all of its pages).</summary>
public sealed record MetricBatch(int BatchNumber, int BatchCount, int CallsMade, IReadOnlyList<TimedMetric> Series, IReadOnlyList<string> Warnings);
