namespace CloudWatcher;

/// <summary>How metrics leave: PutMetricData calls, or Embedded Metric Format log events (-As).</summary>
public enum MetricFormat
{
    /// <summary>CloudWatch's PutMetricData API.</summary>
    PutMetricData,

    /// <summary>
    /// Embedded Metric Format: JSON log events from which CloudWatch Logs extracts the metrics (to standard output,
    /// for Lambda, containers and the CloudWatch agent, or to a log group).
    /// </summary>
    Emf,
}

/// <summary>Where a metric reporter is in its life.</summary>
public enum MetricReporterState
{
    /// <summary>Taking values, flushing every interval.</summary>
    Running,

    /// <summary>Flushing for the last time (Stop-CwMetricReporter, the module removed, pwsh exiting).</summary>
    Stopping,

    /// <summary>Stopped: takes no more values; the counters are final.</summary>
    Stopped,
}

/// <summary>What changes while a reporter runs; the engine's reporter answers it, so a <see cref="MetricReporter"/> always reads current numbers.</summary>
public interface IMetricReporterStatus
{
    MetricReporterState State { get; }

    long Recorded { get; }

    long Sent { get; }

    long Pending { get; }

    long Failed { get; }

    long Refused { get; }

    long Dropped { get; }

    long Flushes { get; }

    long Calls { get; }

    DateTime? LastFlush { get; }

    DateTime? NextFlush { get; }

    string? LastError { get; }

    DateTime? LastErrorTime { get; }
}

/// <summary>
/// A background metric reporter (Start-CwMetricReporter): values recorded into it (Write-CwMetric -Reporter,
/// Measure-CwCommand -Reporter) are aggregated per series and sent every interval by a thread of its own. The counters
/// are read when asked for, so the object shows where the reporter stands now: values recorded, sent, pending (held
/// for the next flush, failed ones included), failed (values in sends that failed; they stay pending and are tried
/// again), refused by the service, and dropped (at the pending limit, or too old to send); Recorded = Sent + Pending +
/// Refused + Dropped.
/// </summary>
public sealed class MetricReporter
{
    private readonly IMetricReporterStatus _status;

    public MetricReporter(int id, string name, string @namespace, int intervalSeconds, MetricFormat format, string destination,
        IReadOnlyList<Dimension> dimensions, MetricAggregation aggregation, int pendingLimit, bool processMetrics, bool metaMetrics,
        DateTime started, IMetricReporterStatus status)
    {
        Id = id;
        Name = name;
        Namespace = @namespace;
        IntervalSeconds = intervalSeconds;
        Format = format.ToString();
        Destination = destination;
        Dimensions = DimensionSet.From(dimensions);
        Aggregation = aggregation.ToString();
        PendingLimit = pendingLimit;
        ProcessMetrics = processMetrics;
        MetaMetrics = metaMetrics;
        Started = started;
        _status = status ?? throw new ArgumentNullException(nameof(status));
    }

    /// <summary>A number unique in this process (Get-CwMetricReporter -Id).</summary>
    public int Id { get; }

    public string Name { get; }

    /// <summary>The namespace values go to unless Write-CwMetric -Namespace names another.</summary>
    public string Namespace { get; }

    public int IntervalSeconds { get; }

    /// <summary>PutMetricData or Emf (<see cref="MetricFormat"/>), as text so it reads in CSV and JSON.</summary>
    public string Format { get; }

    /// <summary>Where the data goes: "PutMetricData", "standard output" or "log group / stream".</summary>
    public string Destination { get; }

    /// <summary>The reporter's dimensions (a metric's own win over them; they win over CLOUDWATCHER_DIMENSIONS and Host).</summary>
    public DimensionSet Dimensions { get; }

    /// <summary>Values or StatisticSet, as text.</summary>
    public string Aggregation { get; }

    /// <summary>The most entries (distinct values of a series in a minute, statistic sets) held, recorded and unsent together.</summary>
    public int PendingLimit { get; }

    /// <summary>Whether each flush adds the pwsh process's own metrics (Process.*).</summary>
    public bool ProcessMetrics { get; }

    /// <summary>Whether each flush adds the reporter's own metrics (Reporter.*, with the dimension Reporter = the name).</summary>
    public bool MetaMetrics { get; }

    /// <summary>When it started (UTC).</summary>
    public DateTime Started { get; }

    public MetricReporterState State => _status.State;

    /// <summary>Values taken in (those refused at once as NaN, infinite or out of range are not).</summary>
    public long Recorded => _status.Recorded;

    /// <summary>Values CloudWatch took (PutMetricData), or written as EMF events (to standard output, or handed to the log writer, which spools them).</summary>
    public long Sent => _status.Sent;

    /// <summary>Values held for the next flush: recorded since the last one, and those whose send failed.</summary>
    public long Pending => _status.Pending;

    /// <summary>Values in sends that failed (each failed attempt counts); they stay pending unless dropped.</summary>
    public long Failed => _status.Failed;

    /// <summary>Values the service refused (a datum alone in its call, so the refusal is its own); never sent.</summary>
    public long Refused => _status.Refused;

    /// <summary>Values given up: at the pending limit, too old to send (two weeks), or left when the reporter stopped.</summary>
    public long Dropped => _status.Dropped;

    public long Flushes => _status.Flushes;

    /// <summary>PutMetricData calls made (or EMF events written).</summary>
    public long Calls => _status.Calls;

    /// <summary>When the last flush ended (UTC).</summary>
    public DateTime? LastFlush => _status.LastFlush;

    /// <summary>When the next flush is due (UTC); null once stopped.</summary>
    public DateTime? NextFlush => _status.NextFlush;

    /// <summary>The last failure, in words (null when none).</summary>
    public string? LastError => _status.LastError;

    public DateTime? LastErrorTime => _status.LastErrorTime;

    public override string ToString() => $"{Name} ({Namespace}, every {IntervalSeconds} s, {State})";
}
