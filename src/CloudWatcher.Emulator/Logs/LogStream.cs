using System.Text;

namespace CloudWatcher.Emulator.Logs;

/// <summary>
/// A log stream: events kept sorted by (timestamp, arrival). Appends in timestamp order are O(1) per event;
/// an out-of-order batch is merged with the tail it overlaps (O(tail + batch)). Reader positions are plain indices,
/// so a page read is O(page) (plus a binary search for startTime / endTime).
/// </summary>
public sealed class LogStream
{
    private readonly object _gate = new();
    private readonly List<LogEvent> _events = new();
    private long _storedBytes;
    private long _sequence;

    internal LogStream(LogGroup group, string name, long creationTime)
    {
        Group = group;
        Name = name;
        CreationTime = creationTime;
    }

    public LogGroup Group { get; }
    public string Name { get; }
    public long CreationTime { get; }
    public long? FirstEventTimestamp { get; private set; }
    public long? LastEventTimestamp { get; private set; }
    public long? LastIngestionTime { get; private set; }
    public long StoredBytes { get { lock (_gate) return _storedBytes; } }

    /// <summary>Bytes of the events at or after <paramref name="cutoff"/> (epoch ms; null: all).</summary>
    public long StoredBytesSince(long? cutoff)
    {
        lock (_gate)
        {
            if (cutoff is not { } c) return _storedBytes;
            long expired = 0;
            for (int i = 0; i < _events.Count && _events[i].Timestamp < c; i++) expired += _events[i].Utf8Bytes;
            return _storedBytes - expired;
        }
    }
    public int Count { get { lock (_gate) return _events.Count; } }
    public string Arn => Group.ArnBase + ":log-stream:" + Name;

    /// <summary>Current upload sequence token (56 digits, like AWS).</summary>
    public string SequenceToken { get { lock (_gate) return FormatSequence(_sequence); } }

    internal static string FormatSequence(long n) => "4963" + n.ToString("D52");

    /// <summary>Stores events (already in chronological order) and returns the next sequence token.</summary>
    public string Append(IReadOnlyList<(long Timestamp, string Message)> batch, long ingestionTime, Func<long> nextId)
    {
        lock (_gate)
        {
            if (batch.Count > 0)
            {
                var items = new LogEvent[batch.Count];
                for (int i = 0; i < batch.Count; i++)
                {
                    var (ts, msg) = batch[i];
                    items[i] = new LogEvent(ts, ingestionTime, msg, nextId(), Encoding.UTF8.GetByteCount(msg));
                    _storedBytes += items[i].Utf8Bytes;
                }
                AddSortedLocked(items);
                LastIngestionTime = ingestionTime;
            }
            _sequence++;
            return FormatSequence(_sequence);
        }
    }

    /// <summary>
    /// Bulk load for tests and benchmarks: appends <paramref name="count"/> events with timestamps
    /// <c>startMs + i * stepMs</c> (stepMs &gt;= 0) and ids <c>firstId + i</c>, without going through PutLogEvents.
    /// Does not change the upload sequence token.
    /// </summary>
    internal void AppendGenerated(int count, long startMs, long stepMs, Func<long, string> message, long ingestionTime, long firstId)
    {
        if (count <= 0) return;
        lock (_gate)
        {
            bool inOrder = _events.Count == 0 || _events[^1].Timestamp <= startMs;
            if (inOrder)
            {
                _events.EnsureCapacity(_events.Count + count);
                for (int i = 0; i < count; i++)
                {
                    string msg = message(i);
                    var e = new LogEvent(startMs + i * stepMs, ingestionTime, msg, firstId + i, Encoding.UTF8.GetByteCount(msg));
                    _storedBytes += e.Utf8Bytes;
                    _events.Add(e);
                }
                FirstEventTimestamp = _events[0].Timestamp;
                LastEventTimestamp = _events[^1].Timestamp;
            }
            else
            {
                var items = new LogEvent[count];
                for (int i = 0; i < count; i++)
                {
                    string msg = message(i);
                    items[i] = new LogEvent(startMs + i * stepMs, ingestionTime, msg, firstId + i, Encoding.UTF8.GetByteCount(msg));
                    _storedBytes += items[i].Utf8Bytes;
                }
                AddSortedLocked(items);
            }
            LastIngestionTime = ingestionTime;
        }
    }

    /// <summary>Adds events sorted by timestamp: appended when in order, otherwise merged (stable: stored events first) in O(tail + batch).</summary>
    private void AddSortedLocked(LogEvent[] items)
    {
        if (_events.Count == 0 || _events[^1].Timestamp <= items[0].Timestamp)
        {
            _events.AddRange(items);
        }
        else
        {
            int from = UpperBoundLocked(items[0].Timestamp);
            var tail = _events.GetRange(from, _events.Count - from);
            _events.RemoveRange(from, tail.Count);
            _events.EnsureCapacity(_events.Count + tail.Count + items.Length);
            int a = 0, b = 0;
            while (a < tail.Count && b < items.Length)
                _events.Add(tail[a].Timestamp <= items[b].Timestamp ? tail[a++] : items[b++]);
            while (a < tail.Count) _events.Add(tail[a++]);
            while (b < items.Length) _events.Add(items[b++]);
        }
        FirstEventTimestamp = _events[0].Timestamp;
        LastEventTimestamp = _events[^1].Timestamp;
    }

    /// <summary>First index whose timestamp is &gt;= ts (Count when none).</summary>
    public int LowerBound(long ts)
    {
        lock (_gate) return LowerBoundLocked(ts);
    }

    /// <summary>First index whose timestamp is &gt; ts (Count when none).</summary>
    public int UpperBound(long ts)
    {
        lock (_gate) return UpperBoundLocked(ts);
    }

    public LogEvent this[int index] { get { lock (_gate) return _events[index]; } }

    /// <summary>Index range [lo, hi) of events with startTime &lt;= ts &lt; endTime.</summary>
    public (int Lo, int Hi) Range(long? startTime, long? endTime)
    {
        lock (_gate)
        {
            int lo = startTime is { } s ? LowerBoundLocked(s) : 0;
            int hi = endTime is { } e ? LowerBoundLocked(e) : _events.Count;
            return (lo, Math.Max(lo, hi));
        }
    }

    /// <summary>Copies events [start, end) going forward from <paramref name="start"/> up to limit / byte cap.</summary>
    public List<LogEvent> ReadForward(int start, int hi, int limit, int byteCap, out int end)
    {
        var page = new List<LogEvent>(Math.Min(limit, Math.Max(0, hi - start)));
        long bytes = 0;
        lock (_gate)
        {
            hi = Math.Min(hi, _events.Count);
            end = start;
            while (end < hi && page.Count < limit)
            {
                var e = _events[end];
                if (page.Count > 0 && bytes + e.BilledBytes > byteCap) break;
                bytes += e.BilledBytes;
                page.Add(e);
                end++;
            }
        }
        return page;
    }

    /// <summary>Copies events ending at <paramref name="end"/> (exclusive) going backward, returned in ascending order.</summary>
    public List<LogEvent> ReadBackward(int end, int lo, int limit, int byteCap, out int start)
    {
        var page = new List<LogEvent>();
        long bytes = 0;
        lock (_gate)
        {
            end = Math.Min(end, _events.Count);
            start = end;
            while (start > lo && page.Count < limit)
            {
                var e = _events[start - 1];
                if (page.Count > 0 && bytes + e.BilledBytes > byteCap) break;
                bytes += e.BilledBytes;
                page.Add(e);
                start--;
            }
        }
        page.Reverse();
        return page;
    }

    private int LowerBoundLocked(long ts)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_events[mid].Timestamp < ts) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private int UpperBoundLocked(long ts)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_events[mid].Timestamp <= ts) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
