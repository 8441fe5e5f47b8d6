using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>How a <see cref="Reporter"/> records and flushes.</summary>
public sealed record ReporterOptions
{
    public const int DefaultPendingLimit = 100_000;

    public ReporterOptions(string name, string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        Name = name;
        Namespace = @namespace;
    }

    public string Name { get; }

    /// <summary>Where values go unless a recording names another namespace.</summary>
    public string Namespace { get; }

    /// <summary>How often the background flush runs.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The reporter's dimensions: a metric's own win over them; they win over the global ones and Host.</summary>
    public IReadOnlyList<Dimension> Dimensions { get; init; } = Array.Empty<Dimension>();

    /// <summary>CLOUDWATCHER_DIMENSIONS and Host (<see cref="DimensionDefaults"/>).</summary>
    public DimensionDefaults Defaults { get; init; } = DimensionDefaults.None;

    /// <summary>Values (distinct values with counts) or StatisticSet, per series and minute (second).</summary>
    public MetricAggregation Aggregation { get; init; } = MetricAggregation.Values;

    /// <summary>
    /// The most entries held, recorded and unsent together (an entry: a distinct value of a series in a minute, or a
    /// statistic set). At half of it the reporter flushes early; at the limit the oldest unsent data is dropped to
    /// make room, then new values; each dropped value is counted and reported.
    /// </summary>
    public int PendingLimit { get; init; } = DefaultPendingLimit;

    /// <summary>Add the process's own metrics (<see cref="ProcessMetrics"/>) at each flush.</summary>
    public bool ProcessMetrics { get; init; }

    /// <summary>Add the reporter's own metrics (<see cref="ReporterMetaMetrics"/>) about each flush, sent with the next.</summary>
    public bool MetaMetrics { get; init; }

    /// <summary>The clock (UTC); tests move it.</summary>
    public Func<DateTime> Clock { get; init; } = static () => DateTime.UtcNow;
}

/// <summary>
/// The reporter's metrics about itself (like apptuit's reporter meta metrics), one value each per flush, sent with the
/// following flush under the reporter's namespace with the dimension Reporter = its name: what each one counts is in
/// its summary.
/// </summary>
public static class ReporterMetaMetrics
{
    public const string DimensionName = "Reporter";

    /// <summary>Sends attempted in the flush (PutMetricData batches, or EMF events).</summary>
    public const string Sends = "Reporter.Sends";

    /// <summary>Sends that succeeded.</summary>
    public const string Successes = "Reporter.Successes";

    /// <summary>Sends that failed (their data stays pending).</summary>
    public const string Failures = "Reporter.Failures";

    /// <summary>Datums sent (PutMetricData datums, or metric entries of EMF events).</summary>
    public const string Datums = "Reporter.Datums";

    /// <summary>How long the flush took to send, in milliseconds.</summary>
    public const string SendTime = "Reporter.SendTime";

    public static readonly IReadOnlyList<string> Names = new[] { Sends, Successes, Failures, Datums, SendTime };
}
