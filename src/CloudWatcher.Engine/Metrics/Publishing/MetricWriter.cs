using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>A value refused before sending: its error record's ErrorId and the value with the reason.</summary>
public sealed record ValueRejection(string ErrorId, RejectedMetricValue Value);

/// <summary>What the held data comes to: batches (one per call), series, datums and values.</summary>
public sealed class MetricWritePlan
{
    public MetricWritePlan(IReadOnlyList<PublishBatch> batches)
    {
        Batches = batches;
        Series = batches.SelectMany(b => b.Data).Select(d => d.Series).Distinct().ToList();
        Datums = batches.Sum(b => b.Data.Count);
        Values = batches.Sum(b => b.Values);
    }

    public IReadOnlyList<PublishBatch> Batches { get; }

    public IReadOnlyList<MetricSeriesKey> Series { get; }

    public int Datums { get; }

    public long Values { get; }

    /// <summary>PutMetricData calls the plan takes (one per batch; more only over awsQuery, see <see cref="IMetricWriteApi"/>).</summary>
    public int Calls => Batches.Count;

    /// <summary>The series that would be new metrics (ListMetrics does not know them).</summary>
    public Task<IReadOnlyList<MetricSeriesKey>> FindNewSeriesAsync(IMetricCatalogApi api, IEngineSink? sink, CancellationToken cancellationToken) =>
        new NewSeriesFinder(api, sink).FindAsync(Series, cancellationToken);

    public Task<PublishOutcome> PublishAsync(IMetricWriteApi api, IEngineSink? sink, CancellationToken cancellationToken) =>
        new MetricPublisher(api, sink).PublishAsync(Batches, cancellationToken);
}

/// <summary>
/// Metric publishing for one command (Write-CwMetric, Measure-CwCommand) and, later, a background reporter: series
/// made with the default dimensions merged in and checked once (<see cref="Series"/>), values checked one by one
/// and aggregated (<see cref="Add"/>), then cut into calls (<see cref="Plan"/>), which the plan checks for new
/// metrics and sends.
/// </summary>
public sealed class MetricWriter
{
    private readonly MetricAggregator _aggregator;
    private readonly Func<DateTime> _clock;

    public MetricWriter(MetricAggregation aggregation, DimensionDefaults defaults, Func<DateTime>? clock = null)
    {
        _aggregator = new MetricAggregator(aggregation);
        Defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        _clock = clock ?? (() => DateTime.UtcNow);
    }

    public MetricAggregation Aggregation => _aggregator.Mode;

    public DimensionDefaults Defaults { get; }

    /// <summary>Values taken in so far, refused ones included.</summary>
    public long ValuesTaken { get; private set; }

    /// <summary>Values refused so far (before sending).</summary>
    public int ValuesRejected { get; private set; }

    /// <summary>Values held, not yet planned.</summary>
    public long PendingValues => _aggregator.PendingValues;

    /// <summary>
    /// The series of a metric with the default dimensions merged in (the metric's own win, then the reporter's, then the
    /// global ones, then Host), checked against what PutMetricData takes: InvalidMetric, InvalidDimension or InvalidUnit.
    /// </summary>
    public MetricSeriesKey Series(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions, string? unit, bool highResolution,
        IReadOnlyList<Dimension>? reporterDimensions = null, bool withDefaults = true) =>
        MetricSeriesKey.Create(@namespace, metricName, withDefaults ? Defaults.Merge(dimensions, reporterDimensions) : dimensions, unit, highResolution);

    /// <summary>
    /// Adds values of a series at a time (converted to UTC; now when null); returns those that cannot be sent, each
    /// with its reason. The others are held for <see cref="Plan"/>.
    /// </summary>
    public IReadOnlyList<ValueRejection> Add(MetricSeriesKey series, DateTime? timestamp, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(values);
        var now = _clock();
        var at = timestamp is { } t ? ToUtc(t) : now;
        var sendAt = Aggregation == MetricAggregation.None ? at : MetricAggregator.BucketStart(at, series.HighResolution);
        var timeProblem = MetricValueRules.Check(sendAt, now);
        List<ValueRejection>? rejected = null;
        foreach (var value in values)
        {
            ValuesTaken++;
            if ((MetricValueRules.Check(value) ?? timeProblem) is { } problem)
            {
                ValuesRejected++;
                (rejected ??= new List<ValueRejection>()).Add(new ValueRejection(problem.ErrorId,
                    new RejectedMetricValue(series.Namespace, series.MetricName, series.Dimensions, timestamp is null ? null : at, value, problem.Reason)));
                continue;
            }
            _aggregator.Add(series, at, value);
        }
        return rejected ?? (IReadOnlyList<ValueRejection>)Array.Empty<ValueRejection>();
    }

    /// <summary>Counts a value refused by the caller (a series that could not be made) in <see cref="ValuesTaken"/> and <see cref="ValuesRejected"/>.</summary>
    public void CountRejected(long values)
    {
        ValuesTaken += values;
        ValuesRejected += (int)Math.Min(values, int.MaxValue - ValuesRejected);
    }

    /// <summary>Everything held, cut into calls; the writer is empty afterwards.</summary>
    public MetricWritePlan Plan() => new(MetricBatcher.Cut(_aggregator.Drain()));

    /// <summary>A DateTime in UTC; one without a kind is local time, as PowerShell reads it.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Local).ToUniversalTime(),
    };
}
