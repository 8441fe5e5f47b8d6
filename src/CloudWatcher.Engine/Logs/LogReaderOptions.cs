namespace CloudWatcher.Logs;

/// <summary>How far and how long to read.</summary>
public sealed record LogReaderOptions
{
    /// <summary>Keep polling for new events until cancelled.</summary>
    public bool Follow { get; init; }

    /// <summary>Stop after this many events (null: no limit).</summary>
    public long? Limit { get; init; }

    /// <summary>Without Follow: stop after this many consecutive empty pages, as cloudwatcher's max_retry_attempts.</summary>
    public int MaxRetryAttempts { get; init; } = 5;

    /// <summary>The first wait when there is nothing new; it doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where to keep the position (null: no checkpoint).</summary>
    public LogCheckpoint? Checkpoint { get; init; }

    /// <summary>
    /// How far back a group scan (FilterLogEvents) is read again when it reads on (following, or resuming from a
    /// checkpoint), so that events ingested late — with a timestamp already passed — are still delivered; events read
    /// before are recognised by id and not delivered twice. Zero reads on from the newest timestamp only.
    /// </summary>
    public TimeSpan LateEventWindow { get; init; } = DefaultLateEventWindow;

    public static readonly TimeSpan DefaultLateEventWindow = TimeSpan.FromMinutes(5);

    /// <summary>Report progress per page to the sink (off while following: a follow never completes).</summary>
    public bool ReportProgress { get; init; } = true;
}

/// <summary>What the reader is doing, for progress bars; read it on the consumer's thread between events.</summary>
public sealed class LogReadStatus
{
    private long _events;
    private long _pages;
    private long _waits;

    public long Events => Interlocked.Read(ref _events);

    public long Pages => Interlocked.Read(ref _pages);

    /// <summary>Polls that found nothing new.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    public DateTime? LastTimestamp { get; internal set; }

    internal void Event() => Interlocked.Increment(ref _events);

    internal void Page() => Interlocked.Increment(ref _pages);

    internal void Wait() => Interlocked.Increment(ref _waits);
}
