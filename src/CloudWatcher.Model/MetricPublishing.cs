namespace CloudWatcher;

/// <summary>How Write-CwMetric turns the values of one series into PutMetricData datums.</summary>
public enum MetricAggregation
{
    /// <summary>
    /// Each distinct value once with the number of times it occurred (Values/Counts, at most 150 a datum), per series
    /// and minute (a second for high resolution): few datums, and percentiles stay exact.
    /// </summary>
    Values,

    /// <summary>SampleCount, Sum, Minimum and Maximum per series and minute (second): the fewest bytes; no percentiles.</summary>
    StatisticSet,

    /// <summary>One datum per value, at its own timestamp.</summary>
    None,
}

/// <summary>A value that was not sent, and why (the target of its error record).</summary>
public sealed class RejectedMetricValue
{
    public RejectedMetricValue(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions, DateTime? timestamp, double value, string reason)
    {
        Namespace = @namespace;
        MetricName = metricName;
        Dimensions = DimensionSet.From(dimensions);
        Timestamp = timestamp;
        Value = value;
        Reason = reason;
    }

    public string Namespace { get; }

    public string MetricName { get; }

    public DimensionSet Dimensions { get; }

    /// <summary>The value's timestamp (UTC); null when it had none.</summary>
    public DateTime? Timestamp { get; }

    public double Value { get; }

    public string Reason { get; }

    public override string ToString() =>
        $"{MetricName}{(Dimensions.Count == 0 ? "" : $" [{Dimensions}]")} = {Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" +
        (Timestamp is { } t ? $" at {t:u}" : "");
}

/// <summary>
/// What Write-CwMetric or Measure-CwCommand sent, or (with -WhatIf) would send: values, series, datums and calls, the
/// values refused, and the series that are new metrics with their estimated monthly cost.
/// </summary>
public sealed class MetricWriteSummary
{
    public MetricWriteSummary(string @namespace, MetricAggregation aggregation, long values, int series, int datums, int calls, int rejected,
        int unsent, bool whatIf, IReadOnlyList<MetricInfo>? newSeries = null, decimal? estimatedMonthlyCostUsd = null)
    {
        Namespace = @namespace;
        Aggregation = aggregation.ToString();
        Values = values;
        Series = series;
        Datums = datums;
        Calls = calls;
        Rejected = rejected;
        Unsent = unsent;
        WhatIf = whatIf;
        NewSeries = new MetricInfoList(newSeries ?? Array.Empty<MetricInfo>());
        EstimatedMonthlyCostUsd = estimatedMonthlyCostUsd;
    }

    public string Namespace { get; }

    /// <summary>Values, StatisticSet or None (<see cref="MetricAggregation"/>), as text so it reads in CSV and JSON.</summary>
    public string Aggregation { get; }

    /// <summary>Values taken in (those rejected included).</summary>
    public long Values { get; }

    /// <summary>Distinct series (namespace, name, dimensions, unit, resolution).</summary>
    public int Series { get; }

    /// <summary>Metric datums sent (with -WhatIf: that would be sent).</summary>
    public int Datums { get; }

    /// <summary>PutMetricData calls made (with -WhatIf: the calls the data needs).</summary>
    public int Calls { get; }

    /// <summary>Values not sent because they cannot be (NaN, out of range, too old) or the service refused them; each had an error record.</summary>
    public int Rejected { get; }

    /// <summary>Values not sent because sending failed (throttling, the network) after retries; each batch had an error record.</summary>
    public int Unsent { get; }

    /// <summary>True when nothing was sent (-WhatIf).</summary>
    public bool WhatIf { get; }

    /// <summary>The series no ListMetrics call knew (checked with -WhatIf only): each becomes a metric billed per month.</summary>
    public MetricInfoList NewSeries { get; }

    /// <summary>An estimate, in USD, of what the new series cost a month at the public list price (checked with -WhatIf only).</summary>
    public decimal? EstimatedMonthlyCostUsd { get; }

    public override string ToString() =>
        $"{Namespace}: {Values} values, {Series} series, {Datums} datums, {Calls} calls, {Rejected} rejected" + (WhatIf ? " (what if)" : "");
}

/// <summary>
/// Metrics in a property (MetricWriteSummary.NewSeries): a list of MetricInfo, which reads as "ns/name [dims]; …"
/// wherever text is wanted (Export-Csv, a table cell) and as a list of objects in ConvertTo-Json.
/// </summary>
public sealed class MetricInfoList : IReadOnlyList<MetricInfo>
{
    private readonly MetricInfo[] _items;

    public MetricInfoList(IEnumerable<MetricInfo> metrics) => _items = metrics?.ToArray() ?? Array.Empty<MetricInfo>();

    public int Count => _items.Length;

    public MetricInfo this[int index] => _items[index];

    public IEnumerator<MetricInfo> GetEnumerator() => ((IEnumerable<MetricInfo>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => string.Join("; ", _items.Select(m => m.ToString()));
}
