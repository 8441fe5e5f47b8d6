using CloudWatcher.Emulator;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>The metric cmdlets against a server that speaks CloudWatch only over awsQuery: they fall back and work.</summary>
public sealed class CloudWatchProtocolCmdletTests
{
    [Fact]
    public async Task MetricCmdletsWorkAgainstAQueryOnlyServerByFallingBack()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Seed = "demo", AccessKey = EmulatorFixture.AccessKey, SecretKey = EmulatorFixture.SecretKey, CloudWatchProtocols = CloudWatchProtocols.Query,
        });
        using var ps = new HostedPowerShell(null);
        ps.Run($@"$PSDefaultParameterValues['*-Cw*:Region'] = 'us-east-1'
$PSDefaultParameterValues['*-Cw*:AccessKey'] = '{EmulatorFixture.AccessKey}'
$PSDefaultParameterValues['*-Cw*:SecretKey'] = '{EmulatorFixture.SecretKey}'
$PSDefaultParameterValues['*-Cw*:EndpointUrl'] = '{server.Endpoint}'");

        var found = ps.Run("Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used");
        Assert.Empty(found.Errors);
        Assert.Equal(2, found.Output.Count);

        var series = ps.Run("Get-CwMetric -Preset nephele_mem -InstanceId i-0123456789abcdef0 -Hours 1");
        Assert.Empty(series.Errors);
        Assert.InRange(Assert.Single(series.Objects<TimedMetric>()).Count, 59, 61);
        Assert.Equal(0, server.Stats.Count("GraniteServiceVersion20100801.ListMetrics")); // nothing was taken for JSON
        Assert.InRange(server.Stats.Count("(none)"), 0, 1); // at most the one JSON attempt, then awsQuery for the endpoint
    }
}
