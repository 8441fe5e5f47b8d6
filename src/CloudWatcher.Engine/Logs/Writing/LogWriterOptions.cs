namespace CloudWatcher.Logs.Writing;

/// <summary>How a <see cref="LogWriter"/> writes.</summary>
public sealed record LogWriterOptions
{
    /// <summary>Create the log group and stream when PutLogEvents finds them missing.</summary>
    public bool Create { get; init; } = true;

    /// <summary>The retention to give a log group the writer creates (never one that exists).</summary>
    public int? RetentionInDays { get; init; }

    /// <summary>Cut events over the 1 MB limit down to it, with a marker, instead of reporting them unsent.</summary>
    public bool Truncate { get; init; }

    /// <summary>Batch and count, send nothing, spool nothing (-WhatIf).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Spool every event and send none (no sender runs): a writer that takes over from one whose destination failed
    /// for good, so that what comes after is kept for Send-CwLogSpool instead of lost.
    /// </summary>
    public bool SpoolOnly { get; init; }

    /// <summary>The spool's root folder (resolved; see <see cref="Spool.LogSpoolPath"/>).</summary>
    public string SpoolPath { get; init; } = "";

    /// <summary>Send the destination's spooled events (of earlier runs) before the new ones.</summary>
    public bool ResendSpool { get; init; } = true;

    /// <summary>The longest an event waits in a batch that is not full before the batch is sent.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>On a stop (Ctrl+C): how long to go on sending what was taken before the rest is left in the spool.</summary>
    public TimeSpan StopFlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Further attempts at a call after the SDK's own retries gave up on throttling, 5xx answers or timeouts.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first wait before such an attempt; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Before checking whether a call that was out when a writer ended arrived, wait until it is this old, so that
    /// events it stored are readable (CloudWatch Logs makes events readable shortly after it takes them).
    /// </summary>
    public TimeSpan VerifySettle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many GetLogEvents pages are read to check one call; beyond, it counts as unchecked.</summary>
    public int MaxVerifyPages { get; init; } = 100;

    /// <summary>A spool file takes no more events once it is this large; it is deleted once all of its events are acknowledged.</summary>
    public long SegmentBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>Full batches waiting for the sender; the producer waits when there are this many (memory stays flat).</summary>
    public int QueuedBatches { get; init; } = 2;
}
