using CloudWatcher.Metrics;

using CloudWatcher.Time;

namespace CloudWatcher.Tests.Engine;

public sealed class TimeAndStatisticsTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("6h", 6 * 3600)]
    [InlineData("3d", 3 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("1.5 hours", 5400)]
    public void SinceDurations(string since, int seconds) =>
        Assert.Equal(Now.AddSeconds(-seconds), Range(since: since).Start);

    [Fact]
    public void SinceDatesAreUtc()
    {
        Assert.Equal(new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc), Range(since: "2026-11-20T08:00Z").Start);
        Assert.Equal(DateTimeKind.Utc, Range(since: "2026-11-20").Start.Kind);
    }

    [Fact]
    public void DefaultIsOneDay() => Assert.Equal(TimeSpan.FromDays(1), Range().Duration);

    private static TimeRange Range(DateTime? start = null, DateTime? end = null, object? since = null) =>
        TimeResolver.ResolveRange(new TimeInput { StartTime = start, EndTime = end, Since = since }, Now, TimeRange.DefaultSpan);

    [Fact]
    public void LocalTimesAreConvertedNotRelabelled()
    {
        var local = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Local);
        var range = Range(start: local);
        Assert.Equal(local.ToUniversalTime(), range.Start);
        Assert.Equal(DateTimeKind.Utc, range.Start.Kind);
    }

    [Fact]
    public void StartAfterEndAndMixedStylesAreRefused()
    {
        var late = Assert.Throws<CloudWatcherException>(() => Range(start: Now.AddHours(1), end: Now));
        Assert.Contains("not before", late.Message);
        Assert.Equal("InvalidTimeRange", late.ErrorId);
        Assert.Equal("InvalidTimeRange", Assert.Throws<CloudWatcherException>(() => Range(since: "soonish")).ErrorId);
    }

    [Theory]
    [InlineData("max", "Maximum")]
    [InlineData("AVG", "Average")]
    [InlineData("count", "SampleCount")]
    [InlineData("P99", "p99")]
    [InlineData("p99.9", "p99.9")]
    [InlineData("tm90", "tm90")]
    public void StatisticAliases(string given, string expected) => Assert.Equal(expected, Statistics.Normalize(given));

    [Theory]
    [InlineData("p101")]
    [InlineData("median")]
    [InlineData("")]
    public void UnknownStatisticsAreRefused(string given) => Assert.Equal("InvalidStatistic", Assert.Throws<CloudWatcherException>(() => Statistics.Normalize(given)).ErrorId);

    [Theory]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(30, true)]
    [InlineData(60, true)]
    [InlineData(300, true)]
    [InlineData(7, false)]
    [InlineData(61, false)]
    [InlineData(90, false)]
    public void PeriodRule(int period, bool valid)
    {
        if (valid) Periods.Validate(period);
        else Assert.Equal("InvalidPeriod", Assert.Throws<CloudWatcherException>(() => Periods.Validate(period)).ErrorId);
    }

    [Fact]
    public void RetentionWarningsNameThePeriodThatHasData()
    {
        Assert.Null(Periods.FindRetentionGap(60, new TimeRange(Now.AddDays(-14), Now), Now));
        Assert.Equal(300, Periods.FindRetentionGap(60, new TimeRange(Now.AddDays(-20), Now), Now)!.FinestPeriod);
        Assert.Equal(60, Periods.FindRetentionGap(1, new TimeRange(Now.AddHours(-5), Now), Now)!.FinestPeriod);
        Assert.Equal(3600, Periods.FindRetentionGap(300, new TimeRange(Now.AddDays(-90), Now), Now)!.FinestPeriod);
        Assert.Contains("15 days", Periods.FindRetentionGap(60, new TimeRange(Now.AddDays(-20), Now), Now)!.Reason);
        Assert.Null(Periods.FindRetentionGap(3600, new TimeRange(Now.AddDays(-90), Now), Now));
    }

    [Theory]
    [InlineData(6_689_149_747.2, "Bytes", "6.23 GiB")]
    [InlineData(512, "Bytes", "512 B")]
    [InlineData(1536, "Kilobytes", "1.5 MiB")]
    [InlineData(42.123, "Percent", "42.12 %")]
    [InlineData(1.5, "Seconds", "1.5 s")]
    [InlineData(250, "Milliseconds", "250 ms")]
    [InlineData(3, "Count", "3")]
    [InlineData(2048, null, "2048")]
    public void HumanUnits(double value, string? unit, string expected) => Assert.Equal(expected, UnitFormatter.Format(value, unit));

    [Fact]
    public void TimespansReadLikePython() =>
        Assert.Equal(new[] { "1:03:00", "1 day, 0:00:00", "3 days, 5:00:21" },
            new[] { TimeSpan.FromMinutes(63), TimeSpan.FromDays(1), new TimeSpan(3, 5, 0, 21) }.Select(UnitFormatter.FormatTimespan));
}
