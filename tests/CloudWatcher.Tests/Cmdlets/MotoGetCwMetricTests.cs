using CloudWatcher.Aws;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>The staged module's Get-CwMetric, in a hosted PowerShell, reads back from moto what was put there.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoGetCwMetricTests
{
    private readonly MotoFixture _moto;

    public MotoGetCwMetricTests(MotoFixture moto) => _moto = moto;

    [SkippableFact]
    public async Task GetCwMetricReturnsTheDatapointsPut()
    {
        _moto.SkipUnlessRunning();
        var ns = "Moto/Cmdlet/" + Guid.NewGuid().ToString("N")[..12];
        var host = "web-" + Guid.NewGuid().ToString("N")[..8]; // moto ignores the namespace of a query with dimensions
        var m0 = DateTime.UnixEpoch.AddMinutes(Math.Floor((DateTime.UtcNow.AddMinutes(-10) - DateTime.UnixEpoch).TotalMinutes));
        using (var session = new AwsSessionFactory().Connect(_moto.Settings))
        {
            await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { 5.0, 9.0, 2.0 }.Select((value, i) =>
                new MetricDatum("queue_depth") { Dimensions = new[] { new Dimension("Host", host) }, Timestamp = m0.AddMinutes(i), Value = value, Unit = "Count" }).ToList()),
                CancellationToken.None);
        }

        using var ps = new HostedPowerShell(null);
        var settings = _moto.Settings;
        ps.Run($@"$PSDefaultParameterValues['*-Cw*:Region'] = '{settings.Region}'
$PSDefaultParameterValues['*-Cw*:AccessKey'] = '{settings.AccessKey}'
$PSDefaultParameterValues['*-Cw*:SecretKey'] = '{settings.SecretKey}'
$PSDefaultParameterValues['*-Cw*:EndpointUrl'] = '{settings.EndpointUrl}'");
        var result = ps.Run($"Get-CwMetric -Namespace '{ns}' -MetricName queue_depth -Dimension Host:{host} -Minutes 30 -Statistic Maximum");

        Assert.Empty(result.Errors);
        var series = Assert.Single(result.Objects<TimedMetric>());
        Assert.Equal((ns, "queue_depth", "Maximum", 60), (series.Namespace, series.MetricName, series.Statistic, series.Period));
        Assert.Equal(host, series.Dimensions.Single(d => d.Name == "Host").Value);
        Assert.Equal(new[] { 5.0, 9.0, 2.0 }, series.Values);
        Assert.Equal(3, series.Timestamps.Count);
        Assert.All(series.Timestamps.Zip(new[] { m0, m0.AddMinutes(1), m0.AddMinutes(2) }), p => Assert.InRange(p.First, p.Second.AddMinutes(-1), p.Second));
    }
}
