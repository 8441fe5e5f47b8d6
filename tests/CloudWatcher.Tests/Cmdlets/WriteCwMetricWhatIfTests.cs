using CloudWatcher.Emulator.Faults;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>Write-CwMetric -WhatIf: nothing is sent; the data is described and the series that would be new are listed with their cost.</summary>
public sealed class WriteCwMetricWhatIfTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public WriteCwMetricWhatIfTests(EmulatorFixture emulator) => _emulator = emulator;

    private long Puts => _emulator.Server.Stats.Count("PutMetricData");

    private static string Ns(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void WhatIfSendsNothingAndListsTheNewSeriesWithTheirCost()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("WhatIf");
        ps.Run($"1 | Write-CwMetric -Namespace {ns} -MetricName Requests -Dimension Customer:c0 -NoHostDimension");
        var before = Puts;
        var lists = _emulator.Server.Stats.Count("ListMetrics");

        var result = ps.Run($"0..3 | ForEach-Object {{ [pscustomobject]@{{ MetricName = 'Requests'; Value = 1; Dimensions = \"Customer:c$_\" }} }} | Write-CwMetric -Namespace {ns} -NoHostDimension -WhatIf -PassThru");

        Assert.Equal(before, Puts);
        Assert.True(_emulator.Server.Stats.Count("ListMetrics") > lists);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.True(summary.WhatIf);
        Assert.Equal((4L, 4, 4, 1), (summary.Values, summary.Series, summary.Datums, summary.Calls));
        Assert.Equal(new[] { "Customer=c1", "Customer=c2", "Customer=c3" }, summary.NewSeries.Select(m => m.Dimensions.ToString()));
        Assert.Equal(0.90m, summary.EstimatedMonthlyCostUsd);
        var text = ps.Host.Text;
        Assert.Contains("What if: Publish to " + ns + ": 4 values as 4 datums in 4 series, 1 PutMetricData call.", text, StringComparison.Ordinal);
        Assert.Contains("New metrics (not listed by ListMetrics): 3, an estimated 0.90 USD a month", text, StringComparison.Ordinal);
        Assert.Contains($"{ns}/Requests [Customer=c3]", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"{ns}/Requests [Customer=c0]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIfSaysSoWhenNothingIsNew()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Known");
        ps.Run($"1 | Write-CwMetric -Namespace {ns} -MetricName M -NoHostDimension");
        ps.Run($"2 | Write-CwMetric -Namespace {ns} -MetricName M -NoHostDimension -WhatIf");
        Assert.Contains("no new metrics", ps.Host.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIfStillDescribesTheDataWhenListMetricsFails()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = Puts;
        _emulator.Server.Faults = FaultPlan.Parse("ListMetrics:internal@1-10");
        try
        {
            var result = ps.Run($"1..3 | Write-CwMetric -Namespace {Ns("NoList")} -MetricName M -NoHostDimension -WhatIf -PassThru");
            Assert.Empty(result.Errors);
            Assert.Contains(result.Warnings, w => w.StartsWith("Could not list the metrics of", StringComparison.Ordinal));
            var summary = Assert.Single(result.Objects<MetricWriteSummary>());
            Assert.Null(summary.EstimatedMonthlyCostUsd);
            Assert.Contains("3 values as 1 datum in 1 series, 1 PutMetricData call.", ps.Host.Text, StringComparison.Ordinal);
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
        Assert.Equal(before, Puts);
    }
}
