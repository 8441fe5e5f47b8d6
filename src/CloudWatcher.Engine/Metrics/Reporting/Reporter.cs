using System.Collections.Concurrent;
using System.Globalization;
using CloudWatcher.Diagnostics;
using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>
/// A metric reporter for long-running scripts and services. Values are recorded from any thread (a cmdlet's pipeline
/// thread, several runspaces) into a thread-safe <see cref="MetricAggregator"/> (per series and minute, or second for
/// high resolution) and never sent on the recording thread: one background loop flushes every interval (and early
/// when half the pending limit is reached), through an <see cref="IReporterOutput"/> (PutMetricData, or EMF events).
/// Flushes never overlap. What a flush could not send is kept for the next one (oldest first), within
/// <see cref="ReporterOptions.PendingLimit"/>: at the limit the oldest unsent data is dropped to make room, then new
/// values; data too old for CloudWatch (two weeks) is dropped too; every value dropped or refused is counted, and a
/// notice waits for the next cmdlet that touches the reporter (<see cref="TakeNotices"/>). Stopping flushes one last time
/// within a bound; what is still unsent then is counted as dropped and said. Counters hold
/// Recorded = Sent + Pending + Refused + Dropped.
/// </summary>
public sealed partial class Reporter : IMetricReporterStatus, IAsyncDisposable, IDisposable
{
    private const int MaxNotices = 20;

    private readonly ReporterOptions _options;
    private readonly IReporterOutput _output;
    private readonly IEngineSink _sink;
    private readonly MetricAggregator _aggregator;
    private readonly object _gate = new();
    private readonly List<PendingDatum> _retained = new();
    private readonly ConcurrentQueue<string> _notices = new();
    private readonly ProcessMetrics? _process;
    private int _retainedEntries;
    private long _retainedValues;
    private long _inFlightValues;
    private long _recorded;
    private long _sent;
    private long _failed;
    private long _refused;
    private long _dropped;
    private long _droppedAtLimit;
    private long _flushes;
    private long _calls;
    private int _noticeCount;
    private long _noticesLost;
    private int _earlyFlushAsked;
    private volatile MetricReporterState _state = MetricReporterState.Running;
    private DateTime? _lastFlush;
    private DateTime? _nextFlush;
    private string? _lastError;
    private DateTime? _lastErrorTime;

    public Reporter(int id, ReporterOptions options, IReporterOutput output, IEngineSink? sink = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        if (options.Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The interval must be positive.");
        }
        if (options.PendingLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The pending limit must be at least 1.");
        }
        _sink = sink ?? NullSink.Instance;
        _aggregator = new MetricAggregator(options.Aggregation);
        _process = options.ProcessMetrics ? new ProcessMetrics() : null;
        Id = id;
        Started = options.Clock();
        View = new MetricReporter(id, options.Name, options.Namespace, (int)Math.Round(options.Interval.TotalSeconds), output.Format,
            output.Destination, options.Dimensions, options.Aggregation, options.PendingLimit, options.ProcessMetrics, options.MetaMetrics, Started, this);
    }

    public int Id { get; }

    public string Name => _options.Name;

    public string Namespace => _options.Namespace;

    public DateTime Started { get; }

    /// <summary>What users see (Start-CwMetricReporter's output, Get-CwMetricReporter); it reads this reporter's numbers live.</summary>
    public MetricReporter View { get; }

    public MetricReporterState State => _state;

    public long Recorded => Interlocked.Read(ref _recorded);

    public long Sent => Interlocked.Read(ref _sent);

    public long Pending
    {
        get
        {
            lock (_gate)
            {
                return _aggregator.PendingValues + _retainedValues + _inFlightValues;
            }
        }
    }

    public long Failed => Interlocked.Read(ref _failed);

    public long Refused => Interlocked.Read(ref _refused);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Flushes => Interlocked.Read(ref _flushes);

    public long Calls => Interlocked.Read(ref _calls);

    public DateTime? LastFlush
    {
        get
        {
            lock (_gate)
            {
                return _lastFlush;
            }
        }
    }

    public DateTime? NextFlush
    {
        get
        {
            lock (_gate)
            {
                return _nextFlush;
            }
        }
    }

    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    public DateTime? LastErrorTime
    {
        get
        {
            lock (_gate)
            {
                return _lastErrorTime;
            }
        }
    }

    /// <summary>
    /// The series of a metric: its own dimensions, then the reporter's, the global ones and Host; the reporter's
    /// namespace unless <paramref name="namespace"/> names another. InvalidMetric, InvalidDimension or InvalidUnit when
    /// PutMetricData would refuse it.
    /// </summary>
    public MetricSeriesKey Series(string? @namespace, string metricName, IReadOnlyList<Dimension> dimensions, string? unit, bool highResolution) =>
        MetricSeriesKey.Create(@namespace ?? Namespace, metricName, _options.Defaults.Merge(dimensions, _options.Dimensions), unit, highResolution);

    /// <summary>
    /// Records values of a series at a time (converted to UTC; now when null), for the next flush. Returns the values
    /// that cannot be sent (NaN, infinite, out of range, a timestamp CloudWatch does not take), each with its reason;
    /// they are not recorded. Throws MetricReporterStopped once the reporter has stopped.
    /// </summary>
    public IReadOnlyList<ValueRejection> Record(MetricSeriesKey series, DateTime? timestamp, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(values);
        if (_state != MetricReporterState.Running)
        {
            throw new CloudWatcherException("MetricReporterStopped", ErrorKind.InvalidInput,
                $"The metric reporter '{Name}' has stopped and takes no more values.", View)
            {
                RecommendedAction = "Start another with Start-CwMetricReporter.",
            };
        }
        var now = _options.Clock();
        var at = timestamp is { } t ? MetricWriter.ToUtc(t) : now;
        var timeProblem = MetricValueRules.Check(MetricAggregator.BucketStart(at, series.HighResolution), now);
        List<ValueRejection>? rejected = null;
        foreach (var value in values)
        {
            if ((MetricValueRules.Check(value) ?? timeProblem) is { } problem)
            {
                (rejected ??= new List<ValueRejection>()).Add(new ValueRejection(problem.ErrorId,
                    new RejectedMetricValue(series.Namespace, series.MetricName, series.Dimensions, timestamp is null ? null : at, value, problem.Reason)));
                continue;
            }
            Interlocked.Increment(ref _recorded);
            if (!TryAdd(series, at, value))
            {
                Interlocked.Increment(ref _dropped);
                Interlocked.Increment(ref _droppedAtLimit);
            }
        }
        if (_aggregator.PendingEntries >= _options.PendingLimit / 2)
        {
            AskForEarlyFlush();
        }
        return rejected ?? (IReadOnlyList<ValueRejection>)Array.Empty<ValueRejection>();
    }

    /// <summary>
    /// What happened since the last call that the user should hear: failed and refused sends, dropped values. Each
    /// message once; at most <see cref="MaxNotices"/> kept between calls (the rest counted in a last message).
    /// </summary>
    public IReadOnlyList<string> TakeNotices()
    {
        var result = new List<string>();
        while (_notices.TryDequeue(out var notice))
        {
            Interlocked.Decrement(ref _noticeCount);
            result.Add(notice);
        }
        var atLimit = Interlocked.Exchange(ref _droppedAtLimit, 0);
        if (atLimit > 0)
        {
            result.Add(string.Create(CultureInfo.InvariantCulture,
                $"Metric reporter '{Name}': {atLimit:N0} recorded value(s) were dropped: it holds at most {_options.PendingLimit:N0} entries (recorded and unsent) " +
                $"and was full{(LastError is { } error ? $" (last error: {error})" : "")}. Raise -PendingLimit, or find why sends fail (Get-CwMetricReporter)."));
        }
        var lost = Interlocked.Exchange(ref _noticesLost, 0);
        if (lost > 0)
        {
            result.Add(string.Create(CultureInfo.InvariantCulture, $"Metric reporter '{Name}': {lost:N0} more notice(s) like these were left out; the counters (Get-CwMetricReporter) count everything."));
        }
        return result;
    }

    /// <summary>A value into the aggregator, within the room the unsent data leaves; the oldest unsent data makes room first.</summary>
    private bool TryAdd(MetricSeriesKey series, DateTime at, double value)
    {
        if (_aggregator.TryAdd(series, at, value, 1, Math.Max(0, _options.PendingLimit - Volatile.Read(ref _retainedEntries))))
        {
            return true;
        }
        lock (_gate)
        {
            if (_retained.Count == 0)
            {
                return false;
            }
            // A twentieth of the limit at once, so a reporter that stays full (sends failing) does not sort its held data for every value.
            DropOldestRetainedLocked(Math.Max(1, _options.PendingLimit / 20), "to make room for new values at the pending limit");
        }
        return _aggregator.TryAdd(series, at, value, 1, Math.Max(0, _options.PendingLimit - Volatile.Read(ref _retainedEntries)));
    }

    /// <summary>Keeps unsent data for the next flush (before what is recorded meanwhile), dropping the oldest beyond the limit.</summary>
    private void Retain(IReadOnlyList<PendingDatum> unsent)
    {
        lock (_gate)
        {
            _retained.InsertRange(0, unsent);
            foreach (var d in unsent)
            {
                _retainedEntries += Entries(d);
                _retainedValues += d.Values;
            }
            var over = _retainedEntries + _aggregator.PendingEntries - _options.PendingLimit;
            if (over > 0)
            {
                DropOldestRetainedLocked(over, "at the pending limit");
            }
        }
    }

    /// <summary>Drops unsent datums, oldest first, until <paramref name="entries"/> entries are free; counted and said.</summary>
    private void DropOldestRetainedLocked(int entries, string why)
    {
        long values = 0;
        var freed = 0;
        var taken = 0;
        var ordered = _retained.Select((d, i) => (d, i)).OrderBy(x => x.d.Datum.Timestamp).ThenBy(x => x.i).ToList();
        var drop = new HashSet<int>();
        foreach (var (datum, index) in ordered)
        {
            if (freed >= entries)
            {
                break;
            }
            drop.Add(index);
            freed += Entries(datum);
            values += datum.Values;
            taken++;
        }
        var kept = _retained.Where((_, i) => !drop.Contains(i)).ToList();
        _retained.Clear();
        _retained.AddRange(kept);
        _retainedEntries -= freed;
        _retainedValues -= values;
        Interlocked.Add(ref _dropped, values);
        Notice(string.Create(CultureInfo.InvariantCulture,
            $"Metric reporter '{Name}': dropped {values:N0} unsent value(s) in {taken:N0} datum(s), the oldest, {why} ({_options.PendingLimit:N0} entries)" +
            $"{(_lastError is { } error ? $"; sends are failing: {error}" : "")}."));
    }

    /// <summary>The entries a datum holds (its distinct values; one for a value or a statistic set).</summary>
    private static int Entries(PendingDatum datum) => datum.Datum.Values?.Count ?? 1;

    private void Notice(string message)
    {
        if (Interlocked.Increment(ref _noticeCount) > MaxNotices)
        {
            Interlocked.Decrement(ref _noticeCount);
            Interlocked.Increment(ref _noticesLost);
            return;
        }
        _notices.Enqueue(message);
        _sink.Verbose(message);
    }

    private void Failure(string message, DateTime at)
    {
        lock (_gate)
        {
            _lastError = message;
            _lastErrorTime = at;
        }
    }
}
