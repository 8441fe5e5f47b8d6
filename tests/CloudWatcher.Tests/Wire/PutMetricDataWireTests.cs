using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CloudWatcher.Aws.Metrics;
using CloudWatcher.Emulator;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>
/// PutMetricData on the wire: request compression (the model's requestcompression trait; Core compresses bodies of
/// 10 KiB and more, signed after compressing) in both protocols, the split of a JSON-sized request whose awsQuery form
/// is too large, and the emulator's handling of gzip bodies and the 1 MiB limit (counted decompressed).
/// </summary>
[Collection(CloudWatchProtocolCollection.Name)]
public sealed class PutMetricDataWireTests
{
    private const string AccessKey = "AKIDGZIPTEST";
    private const string SecretKey = "gzip-secret";

    [Theory]
    [InlineData(CloudWatchProtocol.Json)]
    [InlineData(CloudWatchProtocol.Query)]
    public async Task ABodyOf10KiBOrMoreIsSentGzipCompressedAndSignedAsSent(CloudWatchProtocol protocol)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { AccessKey = AccessKey, SecretKey = SecretKey });
        using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, protocol));
        var ns = "Gzip/" + protocol;
        var minute = Minute(DateTime.UtcNow.AddMinutes(-5));
        var data = Enumerable.Range(0, 200).Select(i => new MetricDatum($"m{i:D3}") { Timestamp = minute, Values = new[] { 1.5, 2.5 }, Counts = new[] { 2.0, 1.0 } }).ToList();

        var result = await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, data), CancellationToken.None);
        await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("small") { Value = 1 } }), CancellationToken.None);

        Assert.Equal(1, result.Requests);
        Assert.Equal(2, server.Stats.Count("PutMetricData"));
        Assert.Equal(1, server.Stats.GzipCount("PutMetricData"));
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None);
        Assert.Equal(201, listed.Metrics.Count);
        var sum = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            new MetricDataQuery("s") { MetricStat = new MetricStat(new MetricIdentity(ns, "m123", Array.Empty<Dimension>()), 60, "Sum") },
        }, minute, minute.AddMinutes(1)), CancellationToken.None);
        Assert.Equal(new[] { 5.5 }, sum.Results[0].Values);
    }

    [Fact]
    public async Task CompressionIsOffWithAwsDisableRequestCompression()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using (HermeticAwsEnvironment.With(("AWS_DISABLE_REQUEST_COMPRESSION", "true")))
        {
            using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Json));
            var data = Enumerable.Range(0, 200).Select(i => new MetricDatum($"m{i:D3}") { Values = new[] { 1.5, 2.5 } }).ToList();
            await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest("Gzip/Off", data), CancellationToken.None);
        }
        Assert.Equal(1, server.Stats.Count("PutMetricData"));
        Assert.Equal(0, server.Stats.GzipCount("PutMetricData"));
    }

    [Fact]
    public async Task OverAwsQueryARequestWhoseFormIsTooLargeIsSplitAndEveryDatumArrives()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Query));
        var minute = Minute(DateTime.UtcNow.AddMinutes(-5));
        var values = Enumerable.Range(1, PutMetricDataLimits.MaxValuesPerDatum).Select(v => (double)v).ToArray();
        var data = Enumerable.Range(0, 400).Select(i => new MetricDatum("dist") { Dimensions = new[] { new Dimension("N", $"{i}") }, Timestamp = minute, Values = values, Counts = values }).ToList();
        var request = new PutMetricDataRequest("Split/Query", data);
        Assert.True(CloudWatchApi.JsonBytes(request) < PutMetricDataLimits.MaxRequestBytes, "the request fits one JSON call");

        var result = await session.MetricWrite.PutMetricDataAsync(request, CancellationToken.None);

        Assert.True(result.Requests > 1, $"{result.Requests} requests");
        Assert.Equal(result.Requests, server.Stats.Count("PutMetricData"));
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = "Split/Query" }, CancellationToken.None);
        Assert.Equal(400, listed.Metrics.Count);
    }

    [Fact]
    public async Task AutoLearningQueryOnAHugePutSplitsItToo()
    {
        using var forget = new ForgetLearnedProtocols();
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { CloudWatchProtocols = CloudWatchProtocols.Query });
        using var session = new Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Auto));
        var values = Enumerable.Range(1, 150).Select(v => (double)v).ToArray();
        var data = Enumerable.Range(0, 300).Select(i => new MetricDatum($"d{i}") { Values = values }).ToList();

        var result = await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest("Split/Auto", data), CancellationToken.None);

        Assert.True(result.Requests > 1, $"{result.Requests} requests");
        Assert.Equal(result.Requests, server.Stats.Count("PutMetricData"));
        Assert.Equal(300, (await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = "Split/Auto" }, CancellationToken.None)).Metrics.Count);
    }

    [Fact]
    public async Task TheEmulatorCountsTheLimitOnTheDecompressedBody()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var dims = string.Join(",", Enumerable.Range(0, 30).Select(i => $"{{\"Name\":\"D{i}\",\"Value\":\"{new string('v', 1000)}\"}}"));
        var datums = string.Join(",", Enumerable.Range(0, 40).Select(i => $"{{\"MetricName\":\"m{i}\",\"Value\":1,\"Dimensions\":[{dims}]}}"));
        var json = $"{{\"Namespace\":\"Gzip/Big\",\"MetricData\":[{datums}]}}";
        Assert.True(json.Length > 1_048_576);

        using var response = await SendGzipJson(server, json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("RequestEntityTooLarge", response.Headers.GetValues("x-amzn-query-error").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEmulatorRefusesABodyMarkedGzipThatIsNot()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = new HttpClient();
        using var request = Signed(server, new ByteArrayContent(Encoding.UTF8.GetBytes("{\"Namespace\":\"x\"}")));
        request.Content!.Headers.ContentEncoding.Add("gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid gzip", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendGzipJson(EmulatorServer server, string json)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }
        using var client = new HttpClient();
        using var request = Signed(server, new ByteArrayContent(compressed.ToArray()));
        request.Content!.Headers.ContentEncoding.Add("gzip");
        return await client.SendAsync(request);
    }

    /// <summary>A PutMetricData JSON request with a structurally valid SigV4 header (an emulator without keys checks the form only).</summary>
    private static HttpRequestMessage Signed(EmulatorServer server, HttpContent content)
    {
        var date = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = content };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData");
        request.Headers.Add("X-Amz-Date", date);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDGZIPTEST/{date[..8]}/us-east-1/monitoring/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");
        return request;
    }

    private static ConnectionSettings Settings(Uri endpoint, CloudWatchProtocol protocol) => new()
    {
        Region = "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey, EndpointUrl = endpoint, CloudWatchProtocol = protocol,
    };

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
}
