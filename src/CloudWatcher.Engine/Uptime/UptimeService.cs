using System.Globalization;
using CloudWatcher.Diagnostics;
using CloudWatcher.Metrics;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Uptime;

/// <summary>
/// cloudwatcher's --uptime: exact from EC2 when the instance runs, else estimated from its metric data over at
/// least 15 days (the start of the last unbroken run of datapoints).
/// </summary>
public sealed class UptimeService
{
    public static readonly TimeSpan MinimumLookback = TimeSpan.FromDays(15);
    private const int EstimatePeriod = 300;

    private readonly IInstanceApi _ec2;
    private readonly IMetricCatalogApi _catalog;
    private readonly IMetricReadApi _metrics;
    private readonly IEngineSink _sink;

    public UptimeService(IInstanceApi ec2, IMetricCatalogApi catalog, IMetricReadApi metrics, IEngineSink? sink = null)
    {
        _ec2 = ec2;
        _catalog = catalog;
        _metrics = metrics;
        _sink = sink ?? NullSink.Instance;
    }

    /// <summary>
    /// The uptime; notes worth a warning (EC2 unreachable, lower bounds) go to the sink. No way to tell is a
    /// <see cref="CloudWatcherException"/> with ErrorId UptimeUnknown.
    /// </summary>
    public async Task<InstanceUptime> GetAsync(string instanceId, DateTime now, TimeSpan lookback, CancellationToken cancellationToken)
    {
        if (lookback < MinimumLookback)
        {
            throw new CloudWatcherException("InvalidLookback", ErrorKind.InvalidInput,
                $"The lookback must be at least {MinimumLookback.TotalDays} days to estimate an uptime from metrics.", lookback);
        }
        Ec2Instance? instance = null;
        string why;
        try
        {
            instance = await _ec2.DescribeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (instance.State == "running" && instance.LaunchTime is DateTime launch)
            {
                var uptime = new InstanceUptime(instanceId, instance.State, true, launch, null, now - launch, UptimeSource.Ec2LaunchTime,
                    $"EC2 reports it running since its launch at {launch:u}.", name: instance.Name, instanceType: instance.InstanceType);
                return uptime;
            }
            why = $"EC2 reports it {instance.State}";
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind is ErrorKind.NotFound)
        {
            why = "EC2 does not know it (terminated long ago, or another account or region)";
        }
        catch (CloudWatcherServiceException ex)
        {
            why = $"EC2 could not be asked ({ex.ErrorCode ?? ex.Kind.ToString()})";
            _sink.Warning($"{instanceId}: {why}: {ex.Message} Estimating from metric data instead.");
        }

        var estimate = await EstimateAsync(instanceId, instance, why, now, lookback, cancellationToken).ConfigureAwait(false);
        if (estimate.IsLowerBound)
        {
            _sink.Warning($"{instanceId}: data reaches back to the start of the {lookback.TotalDays:0}-day lookback; the uptime is at least {UnitFormatter.FormatTimespan(estimate.Uptime ?? TimeSpan.Zero)}. Look back further for more.");
        }
        return estimate;
    }

    private async Task<InstanceUptime> EstimateAsync(string instanceId, Ec2Instance? instance, string why, DateTime now, TimeSpan lookback, CancellationToken cancellationToken)
    {
        var metric = await PickMetricAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw Unknown(instanceId, $"{instanceId}: {why}, and CloudWatch has no metric with InstanceId={instanceId} from the past two weeks, so no uptime can be estimated.");

        var range = new TimeRange(now - lookback, now);
        var reader = new MetricReader(_metrics);
        TimedMetric? series = null;
        await foreach (var batch in reader.ReadAsync(new MetricQuery[] { new MetricStatQuery(metric, "SampleCount", EstimatePeriod) }, range, false, cancellationToken).ConfigureAwait(false))
        {
            series = batch.Series[0];
        }
        var times = series?.Timestamps ?? Array.Empty<DateTime>();
        if (times.Count == 0)
        {
            throw Unknown(instanceId, $"{instanceId}: {why}, and {metric.Namespace}/{metric.MetricName} has no data in the past {lookback.TotalDays:0} days, so no uptime can be estimated.");
        }

        // A run is unbroken while datapoints are at most three periods apart (basic monitoring skips a point now and then).
        var maxGap = TimeSpan.FromSeconds(EstimatePeriod * 3);
        var start = times.Count - 1;
        while (start > 0 && times[start] - times[start - 1] <= maxGap)
        {
            start--;
        }
        var since = times[start];
        var last = times[^1] + TimeSpan.FromSeconds(EstimatePeriod);
        var running = instance is null ? now - last <= maxGap : instance.State == "running";
        var until = running ? (DateTime?)null : last;
        var uptime = (running ? now : last) - since;
        var lowerBound = start == 0 && times[0] - range.Start <= maxGap;
        var source = $"{metric.Namespace}/{metric.MetricName}";
        var detail = running
            ? $"{why}; estimated from {times.Count.ToString("N0", CultureInfo.InvariantCulture)} five-minute datapoints of {source}: running since about {since:u}."
            : $"{why}; estimated from {times.Count.ToString("N0", CultureInfo.InvariantCulture)} five-minute datapoints of {source}: last ran from about {since:u} to {last:u}.";
        return new InstanceUptime(instanceId, instance?.State, running, since, until, uptime, UptimeSource.MetricEstimate, detail, lowerBound,
            instance?.Name, instance?.InstanceType);
    }

    /// <summary>AWS/EC2 CPUUtilization when it exists (every instance has it), else any metric with the instance's id.</summary>
    private async Task<MetricIdentity?> PickMetricAsync(string instanceId, CancellationToken cancellationToken)
    {
        var filter = new ListMetricsRequest { Dimensions = new[] { new Dimension("InstanceId", instanceId) } };
        MetricInfo? best = null;
        await foreach (var page in new MetricCatalog(_catalog).ListPagesAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            foreach (var m in page.Metrics)
            {
                if (m.Namespace == "AWS/EC2" && m.MetricName == "CPUUtilization" && m.Dimensions.Count == 1)
                {
                    return new MetricIdentity(m.Namespace, m.MetricName, m.Dimensions);
                }
                if (best is null || Rank(m).CompareTo(Rank(best)) < 0)
                {
                    best = m;
                }
            }
        }
        return best is null ? null : new MetricIdentity(best.Namespace, best.MetricName, best.Dimensions);
    }

    private static CloudWatcherException Unknown(string instanceId, string message) => new("UptimeUnknown", ErrorKind.NotFound, message, instanceId);

    /// <summary>Prefer metrics with fewer dimensions (the instance-level ones), then by name for a stable choice.</summary>
    private static (int, string, string) Rank(MetricInfo m) => (m.Dimensions.Count, m.Namespace, m.MetricName);
}
