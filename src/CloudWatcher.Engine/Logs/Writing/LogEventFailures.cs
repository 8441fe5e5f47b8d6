using System.Globalization;
using CloudWatcher.Time;

namespace CloudWatcher.Logs.Writing;

/// <summary>Why CloudWatch Logs refused an event of a call that it otherwise took (rejectedLogEventsInfo).</summary>
internal enum LogEventRejection
{
    TooOld,
    TooNew,
    Expired,
}

/// <summary>
/// The errors for single events, each naming the event by its time and the start of its message, and saying what
/// happened to it and what to do. They are reported one by one, never dropped silently.
/// </summary>
internal static class LogEventFailures
{
    private const int QuotedCharacters = 100;

    public static CloudWatcherException TooLarge(long timestamp, string message, long size) =>
        new("LogEventTooLarge", ErrorKind.LimitExceeded,
            $"{Capitalized(Describe(timestamp, message))} is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; CloudWatch Logs takes at most " +
            $"{LogWriteLimits.MaxBytesPerCall.ToString("N0", CultureInfo.InvariantCulture)} bytes per event (its UTF-8 message plus 26). It was not sent.",
            Quote(message))
        {
            RecommendedAction = "Split the message into smaller events, or use -Truncate to send it cut to the limit with a marker.",
        };

    /// <summary>The key under which a rejected event's whole message is kept in the error's Data (a reporter counts the metric values of an EMF event it carried).</summary>
    public const string MessageKey = "CloudWatcher.LogEventMessage";

    public static CloudWatcherException Rejected(LogEventRejection reason, PendingLogEvent e)
    {
        var error = RejectedError(reason, e);
        error.Data[MessageKey] = e.Message;
        return error;
    }

    private static CloudWatcherException RejectedError(LogEventRejection reason, PendingLogEvent e) => reason switch
    {
        LogEventRejection.TooOld => new("LogEventRejectedTooOld", ErrorKind.InvalidInput,
            $"CloudWatch Logs rejected {Describe(e.Timestamp, e.Message)} as too old: it takes events up to 14 days old. The event was not stored.",
            Quote(e.Message))
        {
            RecommendedAction = "Check the event's time (-TimestampProperty, its time zone); events older than 14 days cannot be written.",
        },
        LogEventRejection.TooNew => new("LogEventRejectedTooNew", ErrorKind.InvalidInput,
            $"CloudWatch Logs rejected {Describe(e.Timestamp, e.Message)} as too new: it takes events up to 2 hours ahead of its clock. The event was not stored.",
            Quote(e.Message))
        {
            RecommendedAction = "Check the event's time (-TimestampProperty, its time zone) and this machine's clock.",
        },
        _ => new("LogEventRejectedExpired", ErrorKind.InvalidInput,
            $"CloudWatch Logs rejected {Describe(e.Timestamp, e.Message)} as older than the log group's retention period. The event was not stored.",
            Quote(e.Message))
        {
            RecommendedAction = "Check the event's time, or give the log group a longer retention.",
        },
    };

    /// <summary>"the log event at 2026-11-30T10:00:00.000Z ('start of the message…')".</summary>
    public static string Describe(long timestamp, string message) =>
        $"the log event at {Epoch.ToIso8601(Epoch.FromMilliseconds(timestamp))} ('{Quote(message)}')";

    /// <summary>The start of a message on one line.</summary>
    public static string Quote(string message)
    {
        var start = message.Length <= QuotedCharacters ? message : message[..QuotedCharacters] + "…";
        return start.ReplaceLineEndings(" ");
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
