using System.Globalization;
using CloudWatcher.Time;
using System.Text.RegularExpressions;

namespace CloudWatcher.Metrics;

/// <summary>CloudWatch statistic names, with friendly aliases (max, avg, p99).</summary>
public static class Statistics
{
    public static readonly IReadOnlyList<string> Standard = new[] { "Average", "Maximum", "Minimum", "Sum", "SampleCount" };

    private static readonly Regex Extended = new(@"^(?<kind>p|tm|wm|tc|ts|pr)(?<n>\d{1,2}(\.\d{1,2})?|100)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Returns the name CloudWatch expects, or throws with the accepted forms.</summary>
    public static string Normalize(string statistic)
    {
        var text = statistic?.Trim() ?? "";
        var standard = text.ToLowerInvariant() switch
        {
            "average" or "avg" or "mean" => "Average",
            "maximum" or "max" => "Maximum",
            "minimum" or "min" => "Minimum",
            "sum" or "total" => "Sum",
            "samplecount" or "count" or "n" => "SampleCount",
            "iqm" => "IQM",
            _ => null,
        };
        if (standard is not null)
        {
            return standard;
        }
        var match = Extended.Match(text);
        if (match.Success)
        {
            var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (n <= 100)
            {
                return match.Groups["kind"].Value.ToLowerInvariant() + match.Groups["n"].Value;
            }
        }
        throw new CloudWatcherException("InvalidStatistic", ErrorKind.InvalidInput,
            $"'{statistic}' is not a CloudWatch statistic. Use Average, Maximum, Minimum, Sum, SampleCount, or a percentile such as p99 or p99.9.", statistic);
    }
}

/// <summary>CloudWatch's period rules and retention.</summary>
public static class Periods
{
    /// <summary>Throws unless the period is 1, 5, 10, 30 or a multiple of 60 seconds.</summary>
    public static void Validate(int period)
    {
        if (period is 1 or 5 or 10 or 30 || (period >= 60 && period % 60 == 0))
        {
            return;
        }
        throw new CloudWatcherException("InvalidPeriod", ErrorKind.InvalidInput,
            $"A period of {period} s is not allowed: CloudWatch takes 1, 5, 10, 30 or a multiple of 60 seconds (60, 300, 3600…).", period);
    }

    /// <summary>The finest period CloudWatch still keeps for data this old.</summary>
    public static int FinestKeptPeriod(TimeSpan age) =>
        age <= TimeSpan.FromHours(3) ? 1 : age <= TimeSpan.FromDays(15) ? 60 : age <= TimeSpan.FromDays(63) ? 300 : 3600;

    /// <summary>How long CloudWatch keeps data at a period's resolution.</summary>
    public static (TimeSpan Kept, string Resolution) Retention(int period) =>
        period < 60 ? (TimeSpan.FromHours(3), "high-resolution (under 60 s)")
        : period % 3600 == 0 ? (TimeSpan.FromDays(455), "1-hour")
        : period % 300 == 0 ? (TimeSpan.FromDays(63), "5-minute")
        : (TimeSpan.FromDays(15), "1-minute");

    /// <summary>
    /// When the range starts before CloudWatch keeps data at this period: what is kept, from when, and the finest period
    /// with data over the whole range; null when the period fits.
    /// </summary>
    public static RetentionGap? FindRetentionGap(int period, TimeRange range, DateTime now)
    {
        var age = now - range.Start;
        if (age > TimeSpan.FromDays(455))
        {
            return new RetentionGap($"CloudWatch keeps metric data for 455 days; there is no data before {now.AddDays(-455):u}.", null);
        }
        var (kept, resolution) = Retention(period);
        if (age <= kept)
        {
            return null;
        }
        return new RetentionGap(
            $"CloudWatch keeps {resolution} data for {Describe(kept)}, so a {period}-second period has no data before {now - kept:u}.",
            FinestKeptPeriod(age));
    }

    private static string Describe(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0} days" : $"{span.TotalHours:0} hours";
}

/// <summary>Why a period has no data over part of a range, and the finest period that has (null: none has).</summary>
public sealed record RetentionGap(string Reason, int? FinestPeriod);
