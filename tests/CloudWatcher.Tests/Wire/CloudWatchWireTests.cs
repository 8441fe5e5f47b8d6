using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Tests.Wire;

/// <summary>The CloudWatch (awsQuery) client against the emulator: real SigV4, real wire format.</summary>
public sealed class CloudWatchWireTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public CloudWatchWireTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public async Task PutThenGetMetricDataRoundTripsValuesAndStatistics()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var ns = "Wire/Put" + Guid.NewGuid().ToString("N")[..8];
        var minute = DateTime.UtcNow.AddMinutes(-10);
        minute = new DateTime(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute, 0, DateTimeKind.Utc);
        var dims = new[] { new Dimension("Host", "web-1"), new Dimension("Path", "/a:b") };
        await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("latency") { Dimensions = dims, Timestamp = minute, Value = 10, Unit = "Milliseconds" },
            new MetricDatum("latency") { Dimensions = dims, Timestamp = minute.AddSeconds(20), Values = new[] { 20.0, 30.0 }, Counts = new[] { 1.0, 2.0 }, Unit = "Milliseconds" },
            new MetricDatum("latency") { Dimensions = dims, Timestamp = minute.AddMinutes(1), StatisticValues = new StatisticValues(4, 40, 5, 15), Unit = "Milliseconds" },
        }), CancellationToken.None);

        var metric = new MetricIdentity(ns, "latency", dims);
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            new[]
            {
                new MetricDataQuery("maxq") { MetricStat = new MetricStat(metric, 60, "Maximum") },
                new MetricDataQuery("sumq") { MetricStat = new MetricStat(metric, 60, "Sum") },
                new MetricDataQuery("cntq") { MetricStat = new MetricStat(metric, 60, "SampleCount") },
            },
            minute.AddMinutes(-1), minute.AddMinutes(3)), CancellationToken.None);

        var max = result.Results.Single(r => r.Id == "maxq");
        Assert.Equal(new[] { minute, minute.AddMinutes(1) }, max.Timestamps);
        Assert.All(max.Timestamps, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(new[] { 30.0, 15.0 }, max.Values);
        Assert.Equal(new[] { 10.0 + 20 + 60, 40.0 }, result.Results.Single(r => r.Id == "sumq").Values);
        Assert.Equal(new[] { 4.0, 4.0 }, result.Results.Single(r => r.Id == "cntq").Values);
        Assert.Equal("Complete", max.StatusCode);
    }

    [Fact]
    public async Task ListMetricsFiltersByNamespaceNameAndDimension()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var all = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = "NepheleNamespaceEC2" }, CancellationToken.None);
        Assert.Contains(all.Metrics, m => m.MetricName == "mem_used");
        Assert.All(all.Metrics, m => Assert.Equal("NepheleNamespaceEC2", m.Namespace));

        var filtered = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest
        {
            Namespace = "NepheleNamespaceEC2",
            MetricName = "disk_used_percent",
            Dimensions = new[] { new Dimension("path", "/nephele_data"), new Dimension("InstanceId", null) },
        }, CancellationToken.None);
        Assert.NotEmpty(filtered.Metrics);
        Assert.All(filtered.Metrics, m => Assert.Contains(m.Dimensions, d => d.Name == "path" && d.Value == "/nephele_data"));
    }

    [Fact]
    public async Task ServiceErrorsArriveAsEngineExceptionsWithTheServiceCode()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.MetricWrite.PutMetricDataAsync(
            new PutMetricDataRequest("Wire/Bad", new[] { new MetricDatum("x") { Value = double.NaN } }), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Equal("InvalidParameterValue", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(double.NaN, "NaN")]
    public async Task NonFiniteValuesTravelAsJsonStringsForTheServiceToRefuse(double value, string token)
    {
        // JSON has no such numbers: the JSON protocols write them as strings, and CloudWatch (not our serializer) refuses them.
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            bodies.Enqueue(await reader.ReadToEndAsync());
            context.Response.StatusCode = 400;
            context.Response.Headers["x-amzn-query-error"] = "InvalidParameterValue;Sender";
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("{\"__type\":\"com.amazonaws.cloudwatch#InvalidParameterValueException\",\"message\":\"The value is invalid.\"}");
        });
        var settings = new ConnectionSettings { Region = "us-east-1", AccessKey = "AKIDNONFINITE0001", SecretKey = "non-finite-secret", EndpointUrl = server.Endpoint, CloudWatchProtocol = CloudWatchProtocol.Json };
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(settings);

        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.MetricWrite.PutMetricDataAsync(
            new PutMetricDataRequest("Wire/Bad", new[] { new MetricDatum("x") { Value = value, Values = new[] { 1.0, value } } }), CancellationToken.None));

        Assert.Equal(("InvalidParameterValue", ErrorKind.InvalidInput), (ex.ErrorCode, ex.Kind));
        Assert.Contains($"\"Value\":\"{token}\"", bodies.First(), StringComparison.Ordinal);
        Assert.Contains($"\"Values\":[1,\"{token}\"]", bodies.First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongSecretIsRefusedBySignatureVerification()
    {
        var settings = new ConnectionSettings { Region = "us-east-1", AccessKey = EmulatorFixture.AccessKey, SecretKey = "not-the-secret", EndpointUrl = _emulator.Endpoint };
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(settings);
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None));
        Assert.Equal(ErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain("not-the-secret", ex.ToString());
    }
}
