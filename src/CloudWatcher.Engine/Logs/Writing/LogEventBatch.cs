namespace CloudWatcher.Logs.Writing;

/// <summary>
/// The events of one PutLogEvents call, sorted by time (stably: events of the same millisecond keep their arrival
/// order), with their size and the spool numbers they cover.
/// </summary>
internal sealed class LogEventBatch
{
    public LogEventBatch(IReadOnlyList<PendingLogEvent> events, long bytes)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("A batch holds at least one event.", nameof(events));
        }
        Events = IsSorted(events) ? events : events.OrderBy(e => e.Timestamp).ToList();
        Bytes = bytes;
        Ranges = SequenceRanges.From(events.Select(e => e.Sequence));
    }

    /// <summary>In the order they are sent: by timestamp, arrival order within a millisecond.</summary>
    public IReadOnlyList<PendingLogEvent> Events { get; }

    public int Count => Events.Count;

    /// <summary>The call's size as PutLogEvents counts it.</summary>
    public long Bytes { get; }

    /// <summary>The spool numbers of the events (what the spool marks as sent and acknowledged).</summary>
    public SequenceRanges Ranges { get; }

    /// <summary>The spool segment that holds the events (null when nothing is spooled: -WhatIf).</summary>
    public Spool.SpoolSegment? Segment { get; set; }

    public long FirstTimestamp => Events[0].Timestamp;

    public long LastTimestamp => Events[^1].Timestamp;

    private static bool IsSorted(IReadOnlyList<PendingLogEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].Timestamp < events[i - 1].Timestamp)
            {
                return false;
            }
        }
        return true;
    }
}
