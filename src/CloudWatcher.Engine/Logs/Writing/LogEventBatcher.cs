namespace CloudWatcher.Logs.Writing;

/// <summary>
/// Cuts events into PutLogEvents calls greedily, in arrival order: an event joins the current batch unless that
/// would break a limit (10,000 events, 1,048,576 bytes, a span of more than 24 hours from the batch's oldest to its
/// newest event), in which case the batch is cut and the event starts the next one. Every limit holds for any
/// contiguous part of a batch that fits, so cutting as late as possible gives the fewest calls of any split of the
/// input into consecutive runs; for input in time order that is the fewest calls there are. Input out of time order
/// is sorted within each batch (the span counts the batch's oldest and newest events, whatever their arrival order);
/// events far apart in time that alternate are not regrouped across batches, so such input can take more calls
/// than a sorted copy would. Events must already fit one call on their own (see <see cref="LogEventTruncation"/>).
/// </summary>
internal sealed class LogEventBatcher
{
    private List<PendingLogEvent> _events = new();
    private long _bytes;
    private long _oldest;
    private long _newest;

    public int Count => _events.Count;

    public long Bytes => _bytes;

    /// <summary>True when <paramref name="e"/> cannot join the current batch.</summary>
    public bool WouldOverflow(PendingLogEvent e) =>
        _events.Count > 0
        && (_events.Count + 1 > LogWriteLimits.MaxEventsPerCall
            || _bytes + e.Size > LogWriteLimits.MaxBytesPerCall
            || Math.Max(_newest, e.Timestamp) - Math.Min(_oldest, e.Timestamp) > LogWriteLimits.MaxSpanMilliseconds);

    /// <summary>Adds an event that fits (check <see cref="WouldOverflow"/> first, or use <see cref="Push"/>).</summary>
    public void Add(PendingLogEvent e)
    {
        if (e.Size > LogWriteLimits.MaxBytesPerCall)
        {
            throw new ArgumentException($"An event of {e.Size} bytes does not fit a call.", nameof(e));
        }
        if (WouldOverflow(e))
        {
            throw new InvalidOperationException("The event does not fit the current batch; cut it first.");
        }
        if (_events.Count == 0)
        {
            _oldest = _newest = e.Timestamp;
        }
        else
        {
            _oldest = Math.Min(_oldest, e.Timestamp);
            _newest = Math.Max(_newest, e.Timestamp);
        }
        _events.Add(e);
        _bytes += e.Size;
    }

    /// <summary>Adds an event; returns the batch it did not fit into (cut now), or null.</summary>
    public LogEventBatch? Push(PendingLogEvent e)
    {
        var full = WouldOverflow(e) ? Cut() : null;
        Add(e);
        return full;
    }

    /// <summary>The current batch (null when empty); the next event starts a new one.</summary>
    public LogEventBatch? Cut()
    {
        if (_events.Count == 0)
        {
            return null;
        }
        var batch = new LogEventBatch(_events, _bytes);
        _events = new List<PendingLogEvent>();
        _bytes = 0;
        return batch;
    }
}
