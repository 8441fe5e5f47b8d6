namespace CloudWatcher.Time;

/// <summary>Epoch milliseconds (CloudWatch Logs) and ISO-8601 (awsQuery) times; a time without a kind is refused, never guessed.</summary>
public static class Epoch
{
    public static DateTime FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;

    /// <summary>Converts to epoch milliseconds; an Unspecified kind is refused rather than guessed.</summary>
    public static long ToMilliseconds(DateTime time) => new DateTimeOffset(RequireKind(time)).ToUnixTimeMilliseconds();

    public static string ToIso8601(DateTime time) => RequireKind(time).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime RequireKind(DateTime time) => time.Kind == DateTimeKind.Unspecified
        ? throw new ArgumentException("A time with DateTimeKind.Unspecified is ambiguous; give a UTC or local time.", nameof(time))
        : time;
}
