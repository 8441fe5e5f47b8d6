using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>The default dimensions from the environment (CLOUDWATCHER_DIMENSIONS, CLOUDWATCHER_NO_HOST_DIMENSION): run alone, as they set process variables.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class MetricDimensionEnvironmentTests
{
    private readonly EmulatorFixture _emulator;

    public MetricDimensionEnvironmentTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public async Task GlobalDimensionsAreAddedAndAMetricsOwnWin()
    {
        var ns = "Global" + Guid.NewGuid().ToString("N")[..8];
        using (HermeticAwsEnvironment.With(("CLOUDWATCHER_DIMENSIONS", "Service=api, Stage=prod"), ("CLOUDWATCHER_NO_HOST_DIMENSION", null)))
        {
            using var ps = new HostedPowerShell(_emulator);
            ps.Run($"1 | Write-CwMetric -Namespace {ns} -MetricName M -Dimension Stage:test");
            ps.Run($"Measure-CwCommand -Namespace {ns} -MetricName Job {{ }}");
        }
        var listed = await List(ns);
        Assert.Equal(4, listed.Count);
        Assert.Equal(new[] { $"Host={Environment.MachineName}", "Service=api", "Stage=test" }, Dims(listed.Single(m => m.MetricName == "M")));
        Assert.Equal(new[] { $"Host={Environment.MachineName}", "Service=api", "Stage=prod" }, Dims(listed.Single(m => m.MetricName == "Job")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    public async Task TheHostDimensionIsLeftOutWhenTheVariableSaysSo(string value)
    {
        var ns = "NoHost" + Guid.NewGuid().ToString("N")[..8];
        using (HermeticAwsEnvironment.With(("CLOUDWATCHER_NO_HOST_DIMENSION", value), ("CLOUDWATCHER_DIMENSIONS", null)))
        {
            using var ps = new HostedPowerShell(_emulator);
            ps.Run($"1 | Write-CwMetric -Namespace {ns} -MetricName M");
        }
        Assert.Empty(Assert.Single(await List(ns)).Dimensions);
    }

    [Fact]
    public void AMalformedGlobalVariableEndsTheCommandBeforeAnythingIsSent()
    {
        using var variables = HermeticAwsEnvironment.With(("CLOUDWATCHER_DIMENSIONS", "Service"));
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Total;
        var error = ps.RunExpectingTerminatingError("1 | Write-CwMetric -Namespace App -MetricName M");
        Assert.Equal("InvalidGlobalDimensions,CloudWatcher.PowerShell.Commands.WriteCwMetricCommand", error.FullyQualifiedErrorId);
        Assert.Contains("CLOUDWATCHER_DIMENSIONS", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, _emulator.Server.Stats.Total);
    }

    private async Task<IReadOnlyList<MetricInfo>> List(string ns)
    {
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        return (await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None)).Metrics;
    }

    private static string[] Dims(MetricInfo metric) => metric.Dimensions.Select(d => d.ToString()).Order(StringComparer.Ordinal).ToArray();
}
