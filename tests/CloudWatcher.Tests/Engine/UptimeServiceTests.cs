using CloudWatcher.Ports;
using CloudWatcher.Uptime;

using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

public sealed class UptimeServiceTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private sealed class FakeEc2 : IInstanceApi
    {
        public Ec2Instance? Instance { get; init; }

        public ErrorKind? Failure { get; init; }

        public Task<Ec2Instance> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
            Failure is ErrorKind kind
                ? throw new CloudWatcherServiceException("EC2", "DescribeInstances", kind.ToString(), kind, 403, null, "denied")
                : Task.FromResult(Instance!);
    }

    private static FakeCloudWatchApi WithHeartbeat(string instanceId, DateTime from, DateTime to, params (DateTime, DateTime)[] gaps)
    {
        var api = new FakeCloudWatchApi();
        var dims = new[] { new Dimension("InstanceId", instanceId) };
        api.Add("AWS/EC2", "CPUUtilization", dims);
        var points = new List<(DateTime, double)>();
        for (var t = from; t < to; t = t.AddMinutes(5))
        {
            if (!gaps.Any(g => t >= g.Item1 && t < g.Item2)) points.Add((t, 1));
        }
        api.AddData(new MetricIdentity("AWS/EC2", "CPUUtilization", dims), points);
        return api;
    }

    [Fact]
    public async Task RunningInstancesUseTheLaunchTime()
    {
        var ec2 = new FakeEc2 { Instance = new Ec2Instance("i-1", "running", Now.AddHours(-30), "t3.large", "web") };
        var sink = new RecordingSink();
        var api = new FakeCloudWatchApi();
        var uptime = await new UptimeService(ec2, api, api, sink).GetAsync("i-1", Now, TimeSpan.FromDays(15), CancellationToken.None);
        Assert.Equal("Ec2LaunchTime", uptime.Source);
        Assert.Equal(TimeSpan.FromHours(30), uptime.Uptime);
        Assert.Empty(sink.Warnings);
    }

    [Fact]
    public async Task WithoutEc2AccessTheEstimateStartsAfterTheLastGapAndWarns()
    {
        var cw = WithHeartbeat("i-1", Now.AddDays(-15), Now, (Now.AddDays(-2), Now.AddDays(-2).AddHours(1)));
        var ec2 = new FakeEc2 { Failure = ErrorKind.AccessDenied };
        var sink = new RecordingSink();
        var api = cw;
        var uptime = await new UptimeService(ec2, api, api, sink).GetAsync("i-1", Now, TimeSpan.FromDays(15), CancellationToken.None);
        Assert.Equal("MetricEstimate", uptime.Source);
        Assert.True(uptime.IsRunning);
        Assert.Equal(Now.AddDays(-2).AddHours(1), uptime.Since);
        Assert.Contains(sink.Warnings, w => w.Contains("could not be asked"));
        Assert.False(uptime.IsLowerBound);
    }

    [Fact]
    public async Task DataBackToTheStartOfTheLookbackIsALowerBound()
    {
        var cw = WithHeartbeat("i-1", Now.AddDays(-20), Now);
        var ec2 = new FakeEc2 { Instance = new Ec2Instance("i-1", "stopped", null, null, null) };
        var sink = new RecordingSink();
        var api = cw;
        var uptime = await new UptimeService(ec2, api, api, sink).GetAsync("i-1", Now, TimeSpan.FromDays(15), CancellationToken.None);
        Assert.True(uptime.IsLowerBound);
        Assert.False(uptime.IsRunning);
        Assert.Contains(sink.Warnings, w => w.Contains("at least"));
    }

    [Fact]
    public async Task TheLookbackMustBeFifteenDaysOrMore() =>
        Assert.Equal("InvalidLookback", (await Assert.ThrowsAsync<CloudWatcherException>(
            () => new UptimeService(new FakeEc2(), new FakeCloudWatchApi(), new FakeCloudWatchApi()).GetAsync("i-1", Now, TimeSpan.FromDays(7), CancellationToken.None))).ErrorId);
}
