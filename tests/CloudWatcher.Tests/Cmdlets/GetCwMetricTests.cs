using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

using CloudWatcher.Time;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class GetCwMetricTests : IClassFixture<EmulatorFixture>
{
    private const string Instance1 = "i-0123456789abcdef0";
    private const string Instance2 = "i-0fedcba9876543210";
    private readonly EmulatorFixture _emulator;

    public GetCwMetricTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void ReadsAPresetForAnInstanceAsOneTimedMetric()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwMetric -Preset nephele_mem -InstanceId {Instance1} -Hours 2");
        Assert.Empty(result.Errors);
        var series = Assert.Single(result.Objects<TimedMetric>());
        Assert.Equal("mem_used", series.MetricName);
        Assert.Equal("NepheleNamespaceEC2", series.Namespace);
        Assert.Equal("Maximum", series.Statistic);
        Assert.Equal(60, series.Period);
        Assert.Equal("Bytes", series.Unit);
        Assert.Equal("nephele_mem", series.PresetName);
        Assert.InRange(series.Count, 118, 121);
        Assert.All(series.Timestamps, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.True(series.Timestamps.Zip(series.Timestamps.Skip(1)).All(p => p.First < p.Second), "timestamps ascend");
        Assert.Equal(series.Values.Max(), series.Maximum);
        Assert.Equal(series.Values[^1], series.Last);
        Assert.Contains("GiB", series.Summary);
        Assert.Equal(Instance1, series.Dimensions.Single(d => d.Name == "InstanceId").Value);
    }

    [Fact]
    public void PresetsTimesInstancesTimesStatisticsGoInOneCall()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Count("GetMetricData");
        var result = ps.Run($"Get-CwPreset nephele_mem, nephele_swap_used | Get-CwMetric -InstanceId {Instance1}, {Instance2} -Statistic max, Average -Hours 1");
        Assert.Empty(result.Errors);
        var series = result.Objects<TimedMetric>().ToList();
        Assert.Equal(8, series.Count);
        Assert.Equal(1, _emulator.Server.Stats.Count("GetMetricData") - before);
        Assert.Equal(8, series.Select(s => s.Label).Distinct().Count());
        Assert.Equal(8, series.Select(s => s.Id).Distinct().Count());
        Assert.Contains(series, s => s.Label == $"mem_used {Instance1} Maximum");
    }

    [Fact]
    public void ExplicitMetricAndPipedMetricList()
    {
        using var ps = new HostedPowerShell(_emulator);
        var explicitResult = ps.Run($"Get-CwMetric -Namespace NepheleNamespaceEC2 -MetricName cpu_usage_user -Dimension InstanceId:{Instance1}, cpu:cpu-total -Minutes 30 -Statistic p99");
        Assert.Empty(explicitResult.Errors);
        Assert.Equal("p99", Assert.Single(explicitResult.Objects<TimedMetric>()).Statistic);

        var piped = ps.Run("Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used | Get-CwMetric -Hours 1");
        Assert.Empty(piped.Errors);
        Assert.Equal(2, piped.Objects<TimedMetric>().Count());

        var custom = ps.Run($"[pscustomobject]@{{ Namespace = 'NepheleNamespaceEC2'; MetricName = 'mem_used'; Dimensions = @{{ InstanceId = '{Instance1}' }} }} | Get-CwMetric -Hours 1");
        Assert.Empty(custom.Errors);
        Assert.Single(custom.Objects<TimedMetric>());

        var text = ps.Run("'nephele_mem' | Get-CwMetric -Hours 1");
        Assert.Equal("InputNotAMetric,CloudWatcher.PowerShell.Commands.GetCwMetricCommand", Assert.Single(text.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void AsDatapointWritesOneObjectPerPoint()
    {
        using var ps = new HostedPowerShell(_emulator);
        var points = ps.Run($"Get-CwMetric nephele_cpu_usage_user -InstanceId {Instance1} -Minutes 10 -AsDatapoint").Objects<MetricDatapoint>().ToList();
        Assert.InRange(points.Count, 9, 11);
        Assert.All(points, p => Assert.Equal("Percent", p.Unit));
        Assert.EndsWith("%", points[0].FormatValue());
    }

    [Theory]
    [InlineData("-Since 90m", 89, 91)]
    [InlineData("-Hours 1 -Minutes 30", 89, 91)]
    [InlineData("-Days 0.0625", 89, 91)]
    public void RelativeRanges(string range, int min, int max)
    {
        using var ps = new HostedPowerShell(_emulator);
        var series = Assert.Single(ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} {range}").Objects<TimedMetric>());
        Assert.InRange(series.Count, min, max);
    }

    [Fact]
    public void LocalAndUtcStartTimesMeanTheSameInstant()
    {
        using var ps = new HostedPowerShell(_emulator);
        var utc = DateTime.UtcNow.AddHours(-1);
        var local = utc.ToLocalTime();
        var a = Assert.Single(ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -StartTime $start", ("start", utc)).Objects<TimedMetric>());
        var b = Assert.Single(ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -StartTime $start", ("start", local)).Objects<TimedMetric>());
        Assert.Equal(a.StartTime, b.StartTime);
        Assert.Equal(DateTimeKind.Utc, a.StartTime.Kind);
    }

    [Fact]
    public void BadInputsGetClearErrors()
    {
        using var ps = new HostedPowerShell(_emulator);
        var unknown = ps.Run($"Get-CwMetric -Preset no_such_preset -InstanceId {Instance1}");
        Assert.Equal("PresetNotFound,CloudWatcher.PowerShell.Commands.GetCwMetricCommand", Assert.Single(unknown.Errors).FullyQualifiedErrorId);

        var period = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Period 61");
        Assert.StartsWith("ParameterArgumentValidationError", period.FullyQualifiedErrorId);
        Assert.Contains("multiple of 60", period.Exception.Message);

        var reversed = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance1} -StartTime $s -EndTime $e".Replace("$s", "([datetime]::UtcNow)").Replace("$e", "([datetime]::UtcNow.AddHours(-1))"));
        Assert.StartsWith("InvalidTimeRange,", reversed.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, reversed.CategoryInfo.Category);

        var mixed = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Since 1h -Days 2");
        Assert.Contains("one way", mixed.Exception.Message);

        var noInstance = ps.Run("Get-CwMetric nephele_mem");
        Assert.Contains("-InstanceId", Assert.Single(noInstance.Errors).Exception.Message);

        var badSince = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Since yesterdayish");
        Assert.Contains("90s, 15m", badSince.Exception.Message);

        var badStat = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Statistic p101");
        Assert.Contains("percentile", Assert.Single(badStat.Errors).Exception.Message);

        var badDimension = ps.RunExpectingTerminatingError("Get-CwMetric -Namespace N -MetricName M -Dimension ':x'");
        Assert.StartsWith("ParameterArgumentTransformationError", badDimension.FullyQualifiedErrorId);
    }

    [Fact]
    public void NoDataIsAnEmptySeriesNotAnError()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("Get-CwMetric -Namespace Nothing/Here -MetricName none -Hours 1");
        Assert.Empty(result.Errors);
        var series = Assert.Single(result.Objects<TimedMetric>());
        Assert.Equal(0, series.Count);
        Assert.Null(series.Maximum);
        Assert.StartsWith("No data", series.Summary);
    }

    [Fact]
    public void ARetentionWarningSaysWhichPeriodHasData()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Days 20");
        Assert.Contains(result.Warnings, w => w.Contains("-Period 300") && w.Contains("15 days"));
    }

    [Fact]
    public void ManyCallsShowProgressAndStillMergeById()
    {
        // 16 series x 2 days x 1 minute = 46,080 points; with small pages the answer spans several calls.
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwPreset nephele_* | Get-CwMetric -InstanceId {Instance1} -Days 7 -Statistic Maximum, Minimum");
        Assert.Empty(result.Errors);
        var series = result.Objects<TimedMetric>().ToList();
        Assert.Equal(16, series.Count);
        // Seven days of one-minute data, less the two hours the demo instance was stopped before its launch.
        Assert.All(series, s => Assert.InRange(s.Count, 9_959, 9_961));
        Assert.All(series, s => Assert.NotNull(s.Unit));
        Assert.All(series, s => Assert.StartsWith("nephele_", s.PresetName));
        Assert.All(series, s => Assert.True(s.Timestamps.Zip(s.Timestamps.Skip(1)).All(p => p.First < p.Second)));
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Reading CloudWatch metrics");
    }

    [Fact]
    public void DefaultViewShowsHumanUnits()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwMetric nephele_mem, nephele_cpu_usage_user -InstanceId {Instance1} -Hours 1 | Out-Host");
        Assert.Matches(@"Statistic\s+Points\s+Maximum\s+Average\s+Last\s+Label", ps.Host.Text);
        Assert.Matches(@"\d GiB", ps.Host.Text);
        Assert.Matches(@"\d %", ps.Host.Text);
    }
}
