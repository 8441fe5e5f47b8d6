using System.Text;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// PutLogEvents' limits (models/aws/logs-2014-03-28.service-2.json): at most 10,000 events and 1,048,576 bytes a call,
/// where the bytes are each message's UTF-8 bytes plus 26 per event; the events of a call in time order and at most
/// 24 hours apart; one event at most 1 MB (its message bytes plus 26 within the call limit).
/// </summary>
public static class LogWriteLimits
{
    public const int MaxEventsPerCall = 10_000;

    public const int MaxBytesPerCall = 1_048_576;

    public const int BytesPerEvent = 26;

    /// <summary>The largest message one event can carry: 1,048,550 UTF-8 bytes (plus 26 is a whole call).</summary>
    public const int MaxMessageBytes = MaxBytesPerCall - BytesPerEvent;

    /// <summary>The newest event of a call may be at most this much later than the oldest (24 hours, inclusive).</summary>
    public const long MaxSpanMilliseconds = 24L * 60 * 60 * 1000;

    /// <summary>CloudWatch Logs takes events up to 14 days old ...</summary>
    public const long MaxAgeMilliseconds = 14L * 24 * 60 * 60 * 1000;

    /// <summary>... and up to 2 hours ahead of its clock.</summary>
    public const long MaxAheadMilliseconds = 2L * 60 * 60 * 1000;

    /// <summary>An event's size as PutLogEvents counts it: the message's UTF-8 bytes plus 26.</summary>
    public static int SizeOf(string message) => Encoding.UTF8.GetByteCount(message) + BytesPerEvent;
}
