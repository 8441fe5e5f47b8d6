using System.Globalization;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>A datum ready to send, with the series it belongs to and how many values it carries.</summary>
public sealed record PendingDatum(MetricSeriesKey Series, MetricDatum Datum, long Values)
{
    /// <summary>What the datum holds, for messages: its time and (the first ten of) its values, or its statistic set.</summary>
    public string Describe()
    {
        var d = Datum;
        string shown;
        if (d.StatisticValues is { } s)
        {
            shown = string.Create(CultureInfo.InvariantCulture, $"SampleCount {s.SampleCount:R}, Sum {s.Sum:R}, Minimum {s.Minimum:R}, Maximum {s.Maximum:R}");
        }
        else
        {
            var values = d.Value is { } v ? new[] { v } : d.Values?.ToArray() ?? Array.Empty<double>();
            shown = string.Join(", ", values.Take(10).Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + (values.Length > 10 ? ", …" : "");
        }
        return d.Timestamp is { } t ? string.Create(CultureInfo.InvariantCulture, $"at {t:u}: {shown}") : shown;
    }
}

/// <summary>
/// Turns values into PutMetricData datums (<see cref="MetricAggregation"/>): Values keeps each distinct value with its
/// count per series and time bucket (a minute, or a second for high resolution: the granularity CloudWatch stores
/// them at, so nothing any query can see is lost) and splits a bucket of more than 150 distinct values into several
/// datums; StatisticSet keeps SampleCount, Sum, Minimum and Maximum per bucket; None keeps every value as a datum at
/// its own time. Memory grows with distinct values (Values), buckets (StatisticSet) or values (None), all of it
/// released by <see cref="Drain"/>. Thread-safe, so a background reporter can add while it drains on a timer.
/// </summary>
public sealed class MetricAggregator
{
    private readonly object _gate = new();
    private readonly Dictionary<(MetricSeriesKey Series, long Bucket), Bucket> _buckets = new();
    private readonly List<PendingDatum> _singles = new();
    private long _pendingValues;
    private int _entries;

    public MetricAggregator(MetricAggregation mode) => Mode = mode;

    public MetricAggregation Mode { get; }

    /// <summary>Values added since the last drain.</summary>
    public long PendingValues
    {
        get
        {
            lock (_gate)
            {
                return _pendingValues;
            }
        }
    }

    /// <summary>What is held (distinct values, buckets or single datums): the measure of memory a reporter bounds. Kept as it changes, so reading it costs nothing.</summary>
    public int PendingEntries
    {
        get
        {
            // An int is read whole; a reporter asks after every recording, so no lock.
            return Volatile.Read(ref _entries);
        }
    }

    /// <summary>Adds a value (checked already: <see cref="MetricValueRules"/>) seen <paramref name="count"/> times at a UTC time.</summary>
    public void Add(MetricSeriesKey series, DateTime timestampUtc, double value, double count = 1) =>
        TryAdd(series, timestampUtc, value, count, int.MaxValue);

    /// <summary>
    /// Adds a value unless that would hold more than <paramref name="maxEntries"/> entries (a value already held in its
    /// bucket, or a statistic set's next value, adds none, so it is always taken); false when it was not added.
    /// </summary>
    public bool TryAdd(MetricSeriesKey series, DateTime timestampUtc, double value, double count, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (timestampUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Timestamps are added in UTC.", nameof(timestampUtc));
        }
        lock (_gate)
        {
            if (Mode == MetricAggregation.None)
            {
                if (_entries + count > maxEntries)
                {
                    return false;
                }
                for (var i = 0; i < count; i++)
                {
                    _singles.Add(new PendingDatum(series, Datum(series, timestampUtc) with { Value = value }, 1));
                    _entries++;
                }
                _pendingValues += (long)Math.Round(count);
                return true;
            }
            var bucket = BucketStart(timestampUtc, series.HighResolution);
            if (!_buckets.TryGetValue((series, bucket.Ticks), out var held))
            {
                if (_entries >= maxEntries)
                {
                    return false;
                }
                held = new Bucket(Mode);
                _buckets.Add((series, bucket.Ticks), held);
                _entries++; // a bucket is one entry once it holds its first value
                held.Add(value, count);
                _pendingValues += (long)Math.Round(count);
                return true;
            }
            var added = held.TryAdd(value, count, roomForEntry: _entries < maxEntries);
            if (added < 0)
            {
                return false;
            }
            _entries += added;
            _pendingValues += (long)Math.Round(count);
            return true;
        }
    }

    /// <summary>Everything held as datums (buckets in the order they were started), and forgets it.</summary>
    public IReadOnlyList<PendingDatum> Drain()
    {
        lock (_gate)
        {
            var result = new List<PendingDatum>(_singles.Count + _buckets.Count);
            result.AddRange(_singles);
            foreach (var ((series, ticks), bucket) in _buckets)
            {
                result.AddRange(bucket.ToDatums(series, new DateTime(ticks, DateTimeKind.Utc)));
            }
            _singles.Clear();
            _buckets.Clear();
            _pendingValues = 0;
            _entries = 0;
            return result;
        }
    }

    /// <summary>The start of the minute (or, for high resolution, the second) that holds the time.</summary>
    public static DateTime BucketStart(DateTime timestampUtc, bool highResolution)
    {
        var step = highResolution ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMinute;
        return new DateTime(timestampUtc.Ticks - timestampUtc.Ticks % step, DateTimeKind.Utc);
    }

    internal static MetricDatum Datum(MetricSeriesKey series, DateTime timestampUtc) => new(series.MetricName)
    {
        Dimensions = series.Dimensions,
        Timestamp = timestampUtc,
        Unit = series.Unit,
        StorageResolution = series.HighResolution ? 1 : null,
    };

    /// <summary>The values of one series in one time bucket.</summary>
    private sealed class Bucket
    {
        private readonly Dictionary<double, double>? _counts;
        private double _sampleCount;
        private double _sum;
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;

        public Bucket(MetricAggregation mode) => _counts = mode == MetricAggregation.Values ? new Dictionary<double, double>() : null;

        public int Entries => _counts?.Count ?? 1;

        /// <summary>
        /// Adds the value unless it needs an entry of its own (a new distinct value) and there is no room; returns the
        /// entries it added (1 or 0), or -1 when it was not added. One hash lookup when there is room.
        /// </summary>
        public int TryAdd(double value, double count, bool roomForEntry)
        {
            if (_counts is null || roomForEntry)
            {
                return Add(value, count);
            }
            if (!_counts.TryGetValue(value, out var held))
            {
                return -1;
            }
            _counts[value] = held + count;
            return 0;
        }

        /// <summary>Adds the value; returns the entries it added beyond the bucket's first (1 for a new distinct value, else 0).</summary>
        public int Add(double value, double count)
        {
            if (_counts is not null)
            {
                // 0.0 and -0.0 are one key, as CloudWatch stores them.
                var first = _counts.Count == 0;
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out var exists);
                slot += count;
                return exists || first ? 0 : 1;
            }
            _sampleCount += count;
            _sum += value * count;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            return 0;
        }

        public IEnumerable<PendingDatum> ToDatums(MetricSeriesKey series, DateTime start)
        {
            var datum = Datum(series, start);
            if (_counts is null)
            {
                yield return new PendingDatum(series, datum with { StatisticValues = new StatisticValues(_sampleCount, _sum, _min, _max) }, (long)Math.Round(_sampleCount));
                yield break;
            }
            var ordered = _counts.OrderBy(p => p.Key).ToList();
            for (var i = 0; i < ordered.Count; i += PutMetricDataLimits.MaxValuesPerDatum)
            {
                var chunk = ordered.Skip(i).Take(PutMetricDataLimits.MaxValuesPerDatum).ToList();
                var values = (long)Math.Round(chunk.Sum(p => p.Value));
                if (chunk.Count == 1 && chunk[0].Value == 1)
                {
                    yield return new PendingDatum(series, datum with { Value = chunk[0].Key }, 1);
                    continue;
                }
                // Counts of 1 are what the service assumes without them.
                var counts = chunk.All(p => p.Value == 1) ? null : chunk.Select(p => p.Value).ToList();
                yield return new PendingDatum(series, datum with { Values = chunk.Select(p => p.Key).ToList(), Counts = counts }, values);
            }
        }
    }
}
