using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class FindCwMetricTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public FindCwMetricTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void ListsTypedMetricsOfANamespace()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("Find-CwMetric -Namespace NepheleNamespaceEC2");
        Assert.Empty(result.Errors);
        var metrics = result.Objects<MetricInfo>().ToList();
        Assert.Equal(result.Output.Count, metrics.Count);
        Assert.Contains(metrics, m => m.MetricName == "mem_used");
        Assert.Contains(metrics, m => m.MetricName == "cpu_usage_user" && m.Dimensions.Any(d => d.Name == "cpu" && d.Value == "cpu-total"));
    }

    [Fact]
    public void PositionalNamespaceAndWildcardMetricName()
    {
        using var ps = new HostedPowerShell(_emulator);
        var names = ps.Run("Find-CwMetric NepheleNamespaceEC2 'swap_*'").Objects<MetricInfo>().Select(m => m.MetricName).Distinct().OrderBy(n => n).ToList();
        Assert.Equal(new[] { "swap_used", "swap_used_percent" }, names);
    }

    [Theory]
    [InlineData("-Dimension 'path:/nephele_data'")]
    [InlineData("-Dimension @{ path = '/nephele_data' }")]
    [InlineData("-Dimension 'path:/nephele_data', 'device'")]
    public void DimensionFiltersAsStringsOrHashtables(string dimensionArgument)
    {
        using var ps = new HostedPowerShell(_emulator);
        var metrics = ps.Run($"Find-CwMetric -Namespace NepheleNamespaceEC2 {dimensionArgument}").Objects<MetricInfo>().ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics, m => Assert.Contains(m.Dimensions, d => d.Name == "path" && d.Value == "/nephele_data"));
    }

    [Fact]
    public void TakesNamespaceAndNameFromThePipelineByPropertyName()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("[pscustomobject]@{ Namespace = 'NepheleNamespaceEC2'; MetricName = 'mem_used' }, [pscustomobject]@{ Namespace = 'NepheleNamespaceEC2'; MetricName = 'mem_cached' } | Find-CwMetric");
        Assert.Empty(result.Errors);
        var names = result.Objects<MetricInfo>().Select(m => m.MetricName).Distinct().OrderBy(n => n);
        Assert.Equal(new[] { "mem_cached", "mem_used" }, names);
    }

    [Fact]
    public void ItsOwnOutputPipesBackIn()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used | Find-CwMetric");
        Assert.Empty(result.Errors);
        var metrics = result.Objects<MetricInfo>().ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics, m => Assert.Equal("mem_used", m.MetricName));
    }

    [Fact]
    public async Task FollowsPagesAndShowsProgress()
    {
        var ns = "Paging" + Guid.NewGuid().ToString("N")[..6];
        using (var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings))
        {
            for (var batch = 0; batch < 2; batch++)
            {
                var data = Enumerable.Range(batch * 400, 400).Select(i => new CloudWatcher.Ports.MetricDatum($"m{i:D4}") { Value = i }).ToList();
                await session.MetricWrite.PutMetricDataAsync(new CloudWatcher.Ports.PutMetricDataRequest(ns, data), CancellationToken.None);
            }
        }
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Count("ListMetrics");
        var result = ps.Run($"Find-CwMetric -Namespace {ns}");
        Assert.Equal(800, result.Objects<MetricInfo>().Select(m => m.MetricName).Distinct().Count());
        Assert.Equal(2, _emulator.Server.Stats.Count("ListMetrics") - before);
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Listing CloudWatch metrics" && p.RecordType == ProgressRecordType.Processing);
        Assert.Contains(ps.Host.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void NoRegionIsATerminatingErrorAndNothingIsSent()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        var before = _emulator.Server.Stats.Total;
        var error = ps.RunExpectingTerminatingError($"Find-CwMetric -AccessKey AKID -SecretKey s -EndpointUrl {_emulator.Endpoint}");
        Assert.Equal("RegionNotSet,CloudWatcher.PowerShell.Commands.FindCwMetricCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-Region", error.Exception.Message);
        Assert.Equal(before, _emulator.Server.Stats.Total);
    }

    [Fact]
    public void NoCredentialsIsATerminatingAuthenticationError()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        var before = _emulator.Server.Stats.Total;
        var error = ps.RunExpectingTerminatingError($"Find-CwMetric -Region us-east-1 -EndpointUrl {_emulator.Endpoint}");
        Assert.StartsWith("CredentialsNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal(before, _emulator.Server.Stats.Total);
    }

    [Fact]
    public void BadDimensionSyntaxFailsParameterBindingWithAHint()
    {
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError("Find-CwMetric -Namespace X -Dimension ':oops'");
        Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId);
        Assert.Contains("Name:Value", error.Exception.Message);
    }

    [Fact]
    public void ServiceRefusalBecomesAnErrorRecordWithCategoryAndAction()
    {
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError($"Find-CwMetric -Namespace ('x' * 300)");
        Assert.StartsWith("InvalidParameter,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
    }

    [Fact]
    public void SecretsNeverReachVerboseDebugOrErrors()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        const string secret = "SuperSecretValue-DoNotPrint";
        var result = ps.Run($"Find-CwMetric -Namespace NepheleNamespaceEC2 -Region us-east-1 -AccessKey {EmulatorFixture.AccessKey} -SecretKey {secret} -SessionToken tok-{secret} -EndpointUrl {_emulator.Endpoint} -Verbose -Debug -ErrorAction SilentlyContinue 2>&1");
        Assert.Contains(result.Verbose, v => v.Contains("Connected"));
        Assert.DoesNotContain(secret, result.AllText);
        Assert.DoesNotContain(secret, ps.Host.Text);
    }

    [Fact]
    public void DefaultViewIsATable()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run("Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used | Out-Host");
        var text = ps.Host.Text;
        Assert.Matches(@"Namespace\s+MetricName\s+Dimensions", text);
        Assert.Contains("InstanceId=i-0123456789abcdef0", text);
    }

    [Fact]
    public async Task StopEndsACallInFlightPromptly()
    {
        var slow = await CloudWatcher.Emulator.EmulatorServer.StartAsync(new CloudWatcher.Emulator.EmulatorOptions { ResponseDelay = TimeSpan.FromSeconds(60) });
        try
        {
            using var ps = new HostedPowerShell(null);
            using var pipeline = ps.Create($"Find-CwMetric -Region us-east-1 -AccessKey a -SecretKey b -EndpointUrl {slow.Endpoint}");
            var async = pipeline.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (slow.Stats.Total == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.True(slow.Stats.Total > 0, "the request never reached the emulator");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            pipeline.Stop();
            Assert.Throws<PipelineStoppedException>(() => pipeline.EndInvoke(async));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {watch.Elapsed}");
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }
}
