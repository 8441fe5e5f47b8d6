using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class GetCwInstanceUptimeTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public GetCwInstanceUptimeTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void ARunningInstanceGetsItsExactUptimeFromEc2()
    {
        using var ps = new HostedPowerShell(_emulator);
        var uptime = Assert.Single(ps.Run("Get-CwInstanceUptime -InstanceId i-0123456789abcdef0").Objects<InstanceUptime>());
        Assert.Equal("Ec2LaunchTime", uptime.Source);
        Assert.True(uptime.IsRunning);
        Assert.Equal("running", uptime.State);
        Assert.InRange(uptime.Uptime!.Value, new TimeSpan(3, 4, 58, 0), new TimeSpan(3, 5, 5, 0));
        Assert.Equal("nephele-worker-1", uptime.Name);
    }

    [Fact]
    public void AStoppedInstanceIsEstimatedFromMetricsAndSaysSo()
    {
        using var ps = new HostedPowerShell(_emulator);
        var uptime = Assert.Single(ps.Run("'i-0fedcba9876543210' | Get-CwInstanceUptime").Objects<InstanceUptime>());
        Assert.Equal("MetricEstimate", uptime.Source);
        Assert.False(uptime.IsRunning);
        Assert.Equal("stopped", uptime.State);
        // Demo history: a 3-hour stop 4 days ago, data until 6 hours ago.
        Assert.InRange(uptime.Uptime!.Value, new TimeSpan(3, 14, 50, 0), new TimeSpan(3, 15, 10, 0));
        Assert.Contains("estimated", uptime.Detail);
        Assert.StartsWith("ran ", uptime.FormatUptime());
    }

    [Fact]
    public async Task AnInstanceEc2DoesNotKnowIsEstimatedWhenItHasMetrics()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = "Uptime" + Guid.NewGuid().ToString("N")[..6];
        using (var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings))
        {
            var now = DateTime.UtcNow;
            var data = Enumerable.Range(0, 600).Select(i => new CloudWatcher.Ports.MetricDatum("heartbeat")
            {
                Dimensions = new[] { new Dimension("InstanceId", "i-00000000deadbeef0") },
                Timestamp = now.AddMinutes(-5 * i),
                Value = 1,
            }).ToList();
            await session.MetricWrite.PutMetricDataAsync(new CloudWatcher.Ports.PutMetricDataRequest(ns, data.Take(300).ToList()), CancellationToken.None);
        }
        var result = ps.Run("Get-CwInstanceUptime i-00000000deadbeef0");
        var uptime = Assert.Single(result.Objects<InstanceUptime>());
        Assert.Equal("MetricEstimate", uptime.Source);
        Assert.True(uptime.IsRunning);
        Assert.Contains("does not know", uptime.Detail);
        Assert.InRange(uptime.Uptime!.Value, TimeSpan.FromHours(24.5), TimeSpan.FromHours(25.5));
    }

    [Fact]
    public void NoDataAndBadIdsGiveClearErrors()
    {
        using var ps = new HostedPowerShell(_emulator);
        var unknown = ps.Run("Get-CwInstanceUptime i-0aaaaaaaaaaaaaaa1");
        var error = Assert.Single(unknown.Errors);
        Assert.StartsWith("UptimeUnknown,", error.FullyQualifiedErrorId);
        Assert.Contains("no metric", error.Exception.Message);

        // Any value CloudWatch takes is accepted (local servers, on-premises hosts), with a warning when it is not EC2-like.
        var odd = ps.Run("Get-CwInstanceUptime not-an-instance");
        Assert.Contains(odd.Warnings, w => w.Contains("does not look like an EC2 instance id"));
        Assert.StartsWith("UptimeUnknown,", Assert.Single(odd.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void DefaultViewShowsUptimeAndSource()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run("Get-CwInstanceUptime i-0123456789abcdef0 | Out-Host");
        Assert.Matches(@"InstanceId\s+State\s+Uptime\s+Since \(UTC\)\s+Source", ps.Host.Text);
        Assert.Matches(@"3 days, 5:0\d:\d\d", ps.Host.Text);
        Assert.Matches(@"running\s+3 days, 5:0\d:\d\d .* EC2", ps.Host.Text);
    }
}
