namespace CloudWatcher.Logs.Writing;

/// <summary>
/// An event the writer has taken: its number in the spool (<paramref name="Sequence"/>), its time in epoch
/// milliseconds, its message, and its size as PutLogEvents counts it (UTF-8 bytes plus 26).
/// </summary>
internal sealed record PendingLogEvent(long Sequence, long Timestamp, string Message, int Size);
