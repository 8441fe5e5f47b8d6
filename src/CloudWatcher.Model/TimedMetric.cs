namespace CloudWatcher;

/// <summary>A message GetMetricData attached to a series or a response (e.g. MaxQueryTimeRangeExceeded).</summary>
public sealed record MetricMessage(string Code, string Value);

/// <summary>
/// One metric series over time: what was asked (namespace, name, dimensions, statistic, period; or a metric math
/// expression) and what came back (timestamps ascending in UTC, values), with the service's status and messages and
/// a few aggregates.
/// </summary>
public sealed class TimedMetric
{
    public TimedMetric(
        string id,
        string label,
        string @namespace,
        string metricName,
        IReadOnlyList<Dimension> dimensions,
        string statistic,
        int period,
        string? unit,
        IReadOnlyList<DateTime> timestamps,
        IReadOnlyList<double> values,
        string statusCode,
        IReadOnlyList<MetricMessage> messages,
        DateTime startTime,
        DateTime endTime,
        string? presetName = null,
        IReadOnlyList<string>? rawResponses = null,
        string? expression = null)
    {
        if (timestamps.Count != values.Count)
        {
            throw new ArgumentException($"Series '{label}' has {timestamps.Count} timestamps but {values.Count} values.");
        }
        Id = id;
        Label = label;
        Namespace = @namespace;
        MetricName = metricName;
        Dimensions = DimensionSet.From(dimensions);
        Expression = expression;
        Statistic = statistic;
        Period = period;
        Unit = unit;
        Timestamps = timestamps;
        Values = values;
        StatusCode = statusCode;
        Messages = messages;
        StartTime = startTime;
        EndTime = endTime;
        PresetName = presetName;
        RawResponses = rawResponses;
        if (values.Count > 0)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            foreach (var v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                sum += v;
            }
            Minimum = min;
            Maximum = max;
            Average = sum / values.Count;
            Sum = sum;
            Last = values[^1];
            FirstTimestamp = timestamps[0];
            LastTimestamp = timestamps[^1];
        }
    }

    /// <summary>The GetMetricData query id (unique in the request).</summary>
    public string Id { get; }

    public string Label { get; }

    /// <summary>The metric's namespace; empty for a series computed by an expression.</summary>
    public string Namespace { get; }

    /// <summary>The metric's name; for an expression, the query's id.</summary>
    public string MetricName { get; }

    /// <summary>The metric math, SEARCH or Metrics Insights expression that produced the series; null for a plain metric.</summary>
    public string? Expression { get; }

    public DimensionSet Dimensions { get; }

    public string Statistic { get; }

    /// <summary>Seconds per datapoint.</summary>
    public int Period { get; }

    /// <summary>The unit asked for, or the preset's unit; null when unknown.</summary>
    public string? Unit { get; }

    public IReadOnlyList<DateTime> Timestamps { get; }

    public IReadOnlyList<double> Values { get; }

    /// <summary>Complete, PartialData, InternalError or Forbidden, as GetMetricData reported it.</summary>
    public string StatusCode { get; }

    public IReadOnlyList<MetricMessage> Messages { get; }

    /// <summary>The requested range (UTC).</summary>
    public DateTime StartTime { get; }

    public DateTime EndTime { get; }

    public string? PresetName { get; }

    /// <summary>
    /// The GetMetricData response pages this series came from, each as JSON in the API's shape (MetricDataResults,
    /// NextToken, Messages), when asked for (-IncludeRawResponse); series of one call share the same pages.
    /// </summary>
    public IReadOnlyList<string>? RawResponses { get; }

    public int Count => Values.Count;

    public double? Minimum { get; }

    public double? Maximum { get; }

    public double? Average { get; }

    public double? Sum { get; }

    public double? Last { get; }

    public DateTime? FirstTimestamp { get; }

    public DateTime? LastTimestamp { get; }

    /// <summary>Time between the first and the last datapoint.</summary>
    public TimeSpan Timespan => FirstTimestamp is DateTime first && LastTimestamp is DateTime last ? last - first : TimeSpan.Zero;

    /// <summary>A value in this series' unit for people: "6.23 GiB", "42.1 %", "1.5 s".</summary>
    public string FormatValue(double? value) => UnitFormatter.Format(value, Unit);

    /// <summary>
    /// cloudwatcher's one-line summary, e.g. "Max 'mem_used' is 6.23 GiB over 1:03:00 timespan": the statistic's
    /// aggregate over the whole range (max of maxima, min of minima, mean of averages, total of sums and counts).
    /// </summary>
    public string Summary
    {
        get
        {
            if (Count == 0)
            {
                return $"No data for '{Label}' between {StartTime:u} and {EndTime:u}";
            }
            var (name, value) = Statistic switch
            {
                "Maximum" => ("Max", Maximum),
                "Minimum" => ("Min", Minimum),
                "Sum" => ("Sum", Sum),
                "SampleCount" => ("Count", Sum),
                "Average" => ("Average", Average),
                _ => ("Max " + Statistic, Maximum),
            };
            return $"{name} '{Label}' is {FormatValue(value)} over {UnitFormatter.FormatTimespan(Timespan)} timespan";
        }
    }

    /// <summary>One object per datapoint, for Where-Object and Export-Csv.</summary>
    public IEnumerable<MetricDatapoint> ToDatapoints()
    {
        for (var i = 0; i < Values.Count; i++)
        {
            yield return new MetricDatapoint(Timestamps[i], Values[i], Label, Unit, MetricName, Statistic, Id);
        }
    }

    public override string ToString() => Summary;
}

/// <summary>One datapoint of a series (Get-CwMetric -AsDatapoint).</summary>
public sealed class MetricDatapoint
{
    public MetricDatapoint(DateTime timestamp, double value, string label, string? unit, string metricName, string statistic, string id)
    {
        Timestamp = timestamp;
        Value = value;
        Label = label;
        Unit = unit;
        MetricName = metricName;
        Statistic = statistic;
        Id = id;
    }

    public DateTime Timestamp { get; }

    public double Value { get; }

    public string Label { get; }

    public string? Unit { get; }

    public string MetricName { get; }

    public string Statistic { get; }

    public string Id { get; }

    /// <summary>The value for people, in the unit's natural scale ("6.23 GiB").</summary>
    public string FormatValue() => UnitFormatter.Format(Value, Unit);

    public override string ToString() => $"{Timestamp:u} {Label} {FormatValue()}";
}
