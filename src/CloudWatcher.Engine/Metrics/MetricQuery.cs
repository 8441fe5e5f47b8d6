using CloudWatcher.Ports;

namespace CloudWatcher.Metrics;

/// <summary>
/// One query of a metric read: a metric with a statistic (<see cref="MetricStatQuery"/>) or an expression
/// (<see cref="ExpressionQuery"/>: metric math, SEARCH, a Metrics Insights query). A query may come back as several
/// series (a SEARCH finds many metrics); results are keyed by (id, label).
/// </summary>
public abstract record MetricQuery(int Period)
{
    /// <summary>
    /// The GetMetricData id: given when an expression refers to this query; otherwise the reader makes one. Ids start
    /// with a lowercase letter and hold letters, digits and underscores.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The label to show; the reader makes one that tells series apart when none is given.</summary>
    public string? Label { get; init; }

    /// <summary>The unit for display and scaling.</summary>
    public string? DisplayUnit { get; init; }

    public string? PresetName { get; init; }

    /// <summary>False for a query that only feeds an expression: it is sent but not returned.</summary>
    public bool ReturnData { get; init; } = true;
}

/// <summary>A metric, a statistic and a period.</summary>
public sealed record MetricStatQuery(MetricIdentity Metric, string Statistic, int Period) : MetricQuery(Period)
{
    /// <summary>Sent to CloudWatch as a filter: only data stored with this unit matches. Null matches any unit.</summary>
    public string? UnitFilter { get; init; }
}

/// <summary>An expression over other queries of the same read (by id), or a SEARCH / Metrics Insights query.</summary>
public sealed record ExpressionQuery(string Expression, int Period) : MetricQuery(Period);

/// <summary>Series completed by one GetMetricData batch (≤500 queries, all of its pages).</summary>
public sealed record MetricBatch(int BatchNumber, int BatchCount, int CallsMade, IReadOnlyList<TimedMetric> Series);
