using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudWatcher.Aws.Metrics;
using CloudWatcher.Emulator;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>
/// CloudWatch in both of its protocols: the client in JSON 1.0 and awsQuery against the emulator, the fallback to
/// awsQuery against a server that speaks only that (learned once per endpoint), and how the emulator routes and
/// answers JSON requests on the wire (query-compatible errors, targets, credential scopes, CBOR refused).
/// </summary>
[Collection(CloudWatchProtocolCollection.Name)]
public sealed class CloudWatchProtocolTests
{
    [Theory]
    [InlineData(CloudWatchProtocol.Json)]
    [InlineData(CloudWatchProtocol.Query)]
    public async Task PutListAndGetRoundTripInEitherProtocol(CloudWatchProtocol protocol)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, protocol));
        var ns = "Protocol/" + protocol;
        var minute = Minute(DateTime.UtcNow.AddMinutes(-5));
        var dims = new[] { new Dimension("Host", "a b/c"), new Dimension("Path", "/x:y") };
        await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("latency") { Dimensions = dims, Timestamp = minute.AddMilliseconds(250), Value = 1.5, Unit = "Milliseconds" },
            new MetricDatum("latency") { Dimensions = dims, Timestamp = minute.AddSeconds(30), Values = new[] { 2.0, 9.0 }, Counts = new[] { 3.0, 1.0 }, Unit = "Milliseconds" },
        }), CancellationToken.None);

        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None);
        Assert.Equal(dims, Assert.Single(listed.Metrics).Dimensions);

        var metric = new MetricIdentity(ns, "latency", dims);
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            new MetricDataQuery("maxq") { MetricStat = new MetricStat(metric, 60, "Maximum"), Label = "the max" },
            new MetricDataQuery("cntq") { MetricStat = new MetricStat(metric, 60, "SampleCount") },
        }, minute.AddMinutes(-1), minute.AddMinutes(2)), CancellationToken.None);

        var max = result.Results.Single(r => r.Id == "maxq");
        Assert.Equal("the max", max.Label);
        Assert.Equal(new[] { minute }, max.Timestamps);
        Assert.Equal(DateTimeKind.Utc, max.Timestamps[0].Kind);
        Assert.Equal(new[] { 9.0 }, max.Values);
        Assert.Equal(new[] { 5.0 }, result.Results.Single(r => r.Id == "cntq").Values);
        Assert.Equal(protocol, Transport(session).Current);
    }

    [Fact]
    public async Task AutoFallsBackToQueryOnceForAServerThatSpeaksOnlyQueryAndRemembersIt()
    {
        using var forget = new ForgetLearnedProtocols();
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = "demo", CloudWatchProtocols = CloudWatchProtocols.Query });
        using (var first = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Auto)))
        {
            var listed = await first.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = "NepheleNamespaceEC2" }, CancellationToken.None);
            Assert.NotEmpty(listed.Metrics);
            Assert.Equal(CloudWatchProtocol.Query, Transport(first).Current);
        }
        using (var second = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Auto)))
        {
            Assert.Equal(CloudWatchProtocol.Query, Transport(second).Current);
            await second.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None);
        }
        Assert.Equal(1, server.Stats.Count("(none)")); // the one JSON attempt: a query-only server finds no Action in it
        Assert.Equal(2, server.Stats.Count("ListMetrics"));
    }

    [Fact]
    public async Task AutoStaysOnJsonForAServerThatSpeaksIt()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = "demo" });
        using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Auto));
        await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None);
        Assert.Equal(CloudWatchProtocol.Json, Transport(session).Current);
        Assert.Equal(0, server.Stats.Count("(none)"));
    }

    [Fact]
    public async Task JsonForcedAgainstAQueryOnlyServerFailsSayingWhatToSet()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { CloudWatchProtocols = CloudWatchProtocols.Query });
        using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Json));
        var ex = await Assert.ThrowsAsync<CloudWatcherConfigurationException>(() => session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None));
        Assert.Equal("CloudWatchProtocolNotSpoken", ex.ErrorId);
        Assert.Contains(Aws.AwsSessionFactory.ProtocolVariable + " to auto", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonErrorsCarryTheShapeNameAndTheQueryCompatibleCode()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var response = await Send(server, "GraniteServiceVersion20100801.PutMetricData", "monitoring",
            "{\"Namespace\":\"AWS/EC2\",\"MetricData\":[{\"MetricName\":\"m\",\"Value\":1}]}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("InvalidParameterValue;Sender", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("com.amazonaws.cloudwatch#InvalidParameterValueException", body.RootElement.GetProperty("__type").GetString());
        Assert.Contains("AWS/", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonAnswersUseEpochSecondsAndArrays()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = "demo" });
        var end = Minute(DateTime.UtcNow);
        using var response = await Send(server, "GraniteServiceVersion20100801.GetMetricData", "monitoring",
            "{\"MetricDataQueries\":[{\"Id\":\"m\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"NepheleNamespaceEC2\",\"MetricName\":\"mem_used\"," +
            "\"Dimensions\":[{\"Name\":\"InstanceId\",\"Value\":\"i-0123456789abcdef0\"}]},\"Period\":60,\"Stat\":\"Average\"}}]," +
            $"\"StartTime\":{new DateTimeOffset(end.AddMinutes(-3)).ToUnixTimeSeconds()},\"EndTime\":{new DateTimeOffset(end).ToUnixTimeSeconds()}}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = body.RootElement.GetProperty("MetricDataResults")[0];
        var timestamps = result.GetProperty("Timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
        Assert.Equal(new[] { -1, -2, -3 }.Select(m => new DateTimeOffset(end.AddMinutes(m)).ToUnixTimeSeconds()), timestamps);
        Assert.All(result.GetProperty("Values").EnumerateArray(), v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Messages").ValueKind);
    }

    [Theory]
    [InlineData("GraniteServiceVersion20100801.DescribeAlarmsForNothing", "monitoring", "com.amazonaws.cloudwatch#UnknownOperationException")]
    [InlineData("SomeOtherService.ListMetrics", "monitoring", "com.amazonaws.cloudwatch#UnknownOperationException")]
    [InlineData("Logs_20140328.NoSuchThing", "logs", "UnknownOperationException")]
    public async Task TargetsRouteByTheirPrefixAndOtherwiseByTheCredentialScope(string target, string scope, string errorType)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var response = await Send(server, target, scope, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(errorType, body.RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task CborRequestsAreRefusedWithAClearError()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Endpoint, "service/GraniteServiceVersion20100801/operation/ListMetrics"))
        {
            Content = new ByteArrayContent(new byte[] { 0xA0 }),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cbor");
        request.Headers.Add("smithy-protocol", "rpc-v2-cbor");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("smithy-rpc-v2-cbor", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static ConnectionSettings Settings(Uri endpoint, CloudWatchProtocol protocol) => new()
    {
        Region = "us-east-1", AccessKey = "AKIDPROTOCOL", SecretKey = "protocol-secret", EndpointUrl = endpoint, CloudWatchProtocol = protocol,
    };

    private static CloudWatchTransport Transport(ICloudWatcherSession session) => Assert.IsType<CloudWatchApi>(session.MetricRead).Transport;

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);

    /// <summary>A JSON request with a structurally valid SigV4 header (the emulator has no keys, so it checks the form, not the signature).</summary>
    private static async Task<HttpResponseMessage> Send(EmulatorServer server, string target, string scope, string json)
    {
        using var client = new HttpClient();
        var date = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(scope == "logs" ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", target);
        request.Headers.Add("X-Amz-Date", date);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDPROTOCOL/{date[..8]}/us-east-1/{scope}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");
        return await client.SendAsync(request);
    }
}

/// <summary>What the transport learned about the query-only server's port must not outlive it (a later server may get the port).</summary>
internal sealed class ForgetLearnedProtocols : IDisposable
{
    public void Dispose() => CloudWatchTransport.ForgetLearned();
}

/// <summary>The protocol tests start emulators on ports of their own, but share the learned-protocol memory: one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class CloudWatchProtocolCollection
{
    public const string Name = "CloudWatch protocol";
}
