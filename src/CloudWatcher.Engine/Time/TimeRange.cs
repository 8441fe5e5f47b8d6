using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudWatcher.Time;

/// <summary>A UTC time range.</summary>
public readonly record struct TimeRange(DateTime Start, DateTime End)
{
    /// <summary>cloudwatcher's default: the last day.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(1);

    public TimeSpan Duration => End - Start;

    /// <summary>A DateTime as UTC: Utc as it is, Local converted, Unspecified taken as local time (as PowerShell's [datetime] casts mean it).</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Local).ToUniversalTime(),
    };
}

/// <summary>
/// What a command was told about time, one way at a time: a start (and end), a "since" value, or a span before now.
/// <see cref="Since"/> is a TimeSpan (that long ago), a DateTime, or text ("90s", "15m", "6h", "3d", "2w", or a date).
/// </summary>
public sealed record TimeInput
{
    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }

    public object? Since { get; init; }

    public TimeSpan? Span { get; init; }
}

/// <summary>The one resolver of time inputs, with one set of messages (ErrorId InvalidTimeRange).</summary>
public static class TimeResolver
{
    private static readonly Regex Relative = new(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<u>s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The start (null: none given) and the end (null: none given), in UTC, checked start &lt; end.</summary>
    public static (DateTime? Start, DateTime? End) Resolve(TimeInput input, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        var end = input.EndTime is DateTime e ? TimeRange.ToUtc(e) : (DateTime?)null;
        var reference = end ?? nowUtc;
        DateTime? start = input.StartTime is DateTime s ? TimeRange.ToUtc(s)
            : input.Since is not null ? ParseSince(input.Since, reference)
            : input.Span is TimeSpan span ? Before(reference, span)
            : null;
        if (start is DateTime st && st >= reference)
        {
            throw Invalid(end is null
                ? $"The start ({st:u}) is not before now ({reference:u}). Give an earlier start."
                : $"The start ({st:u}) is not before the end ({reference:u}). Give an earlier start or a later end.");
        }
        return (start, end);
    }

    /// <summary>A complete range: the end defaults to now, the start to <paramref name="defaultSpan"/> before the end.</summary>
    public static TimeRange ResolveRange(TimeInput input, DateTime nowUtc, TimeSpan defaultSpan)
    {
        var (start, end) = Resolve(input, nowUtc);
        var e = end ?? nowUtc;
        var s = start ?? Before(e, defaultSpan);
        if (s >= e)
        {
            throw Invalid($"The start ({s:u}) is not before the end ({e:u}). Give an earlier start or a later end.");
        }
        return new TimeRange(s, e);
    }

    /// <summary>A "since" value as a UTC time before <paramref name="end"/>.</summary>
    public static DateTime ParseSince(object value, DateTime end) => value switch
    {
        TimeSpan span => Before(end, span),
        DateTime time => TimeRange.ToUtc(time),
        DateTimeOffset offset => offset.UtcDateTime,
        string text => ParseSinceText(text, end),
        _ => throw Invalid($"A 'since' value of type {value.GetType().Name} is not understood; give a duration such as 90s, 15m, 6h, 3d or 2w, a TimeSpan, or a date."),
    };

    private static DateTime ParseSinceText(string text, DateTime end)
    {
        var match = Relative.Match(text);
        if (match.Success)
        {
            var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var span = char.ToLowerInvariant(match.Groups["u"].Value[0]) switch
            {
                's' => Seconds(n, 1),
                'm' => Seconds(n, 60),
                'h' => Seconds(n, 3600),
                'd' => Seconds(n, 86400),
                _ => Seconds(n, 7 * 86400),
            };
            return Before(end, span);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var invariant)
            || DateTimeOffset.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out invariant))
        {
            return invariant.UtcDateTime;
        }
        throw Invalid($"'{text}' is neither a duration like 90s, 15m, 6h, 3d or 2w nor a date such as 2026-11-20T08:00Z.");
    }

    private static TimeSpan Seconds(double n, double unit)
    {
        var seconds = n * unit;
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw Invalid($"A duration of {n} is too long; CloudWatch keeps metrics for 455 days, and log events as long as their retention.");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static DateTime Before(DateTime end, TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            throw Invalid($"A duration of {span} is not longer than zero; give how long before now to start, such as 1h.");
        }
        return span >= end - DateTime.UnixEpoch
            ? throw Invalid($"A duration of {span.TotalDays:0.#} days reaches back before 1970; give a shorter one.")
            : end - span;
    }

    private static CloudWatcherException Invalid(string message) => new("InvalidTimeRange", ErrorKind.InvalidInput, message);
}
