using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudWatcher.Metrics;

/// <summary>A UTC time range, built from the cmdlets' three ways of saying it.</summary>
public readonly record struct TimeRange(DateTime Start, DateTime End)
{
    /// <summary>cloudwatcher's default: the last day.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(1);

    private static readonly Regex Relative = new(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<u>s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public TimeSpan Duration => End - Start;

    /// <summary>
    /// Resolves -StartTime/-EndTime, -Since or -Days/-Hours/-Minutes (only one style at a time).
    /// Local and UTC DateTimes are both honoured; an Unspecified kind is taken as local time, as PowerShell's
    /// [datetime] casts produce it for text without an offset.
    /// </summary>
    public static TimeRange Resolve(DateTime now, DateTime? startTime, DateTime? endTime, string? since, TimeSpan? relative)
    {
        var styles = (startTime is not null ? 1 : 0) + (since is not null ? 1 : 0) + (relative is not null ? 1 : 0);
        if (styles > 1)
        {
            throw new ArgumentException("Give the time range one way: -StartTime (with -EndTime), or -Since, or -Days/-Hours/-Minutes.");
        }
        var end = endTime is DateTime e ? ToUtc(e) : ToUtc(now);
        DateTime start;
        if (startTime is DateTime s)
        {
            start = ToUtc(s);
        }
        else if (since is not null)
        {
            start = ParseSince(since, end);
        }
        else
        {
            var span = relative ?? DefaultSpan;
            if (span <= TimeSpan.Zero)
            {
                throw new ArgumentException("-Days, -Hours and -Minutes must add up to more than zero.");
            }
            start = end - span;
        }
        if (start >= end)
        {
            throw new ArgumentException($"The start ({start:u}) is not before the end ({end:u}). Give an earlier start or a later end.");
        }
        return new TimeRange(start, end);
    }

    /// <summary>"90s", "15m", "6h", "3d", "2w" before <paramref name="end"/>, or a date/time (ISO 8601 or the current culture).</summary>
    public static DateTime ParseSince(string text, DateTime end)
    {
        var match = Relative.Match(text);
        if (match.Success)
        {
            var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var span = char.ToLowerInvariant(match.Groups["u"].Value[0]) switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => TimeSpan.FromDays(7 * n),
            };
            return end - span;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var invariant)
            || DateTimeOffset.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out invariant))
        {
            return invariant.UtcDateTime;
        }
        throw new FormatException($"-Since '{text}' is neither a duration like 90s, 15m, 6h, 3d or 2w nor a date such as 2026-11-20T08:00Z.");
    }

    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Local).ToUniversalTime(),
    };
}
