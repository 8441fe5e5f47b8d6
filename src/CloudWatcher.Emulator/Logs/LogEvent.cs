namespace CloudWatcher.Emulator.Logs;

/// <summary>One stored log event. <see cref="Id"/> is unique across the store and never reused.</summary>
public readonly record struct LogEvent(long Timestamp, long IngestionTime, string Message, long Id, int Utf8Bytes)
{
    /// <summary>Bytes the event counts for in page and batch limits (UTF-8 message + 26).</summary>
    public int BilledBytes => Utf8Bytes + 26;
}
