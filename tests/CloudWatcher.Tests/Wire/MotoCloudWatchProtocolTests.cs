using System.Collections.Concurrent;
using CloudWatcher.Aws;
using CloudWatcher.Aws.Metrics;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Tests.Wire;

/// <summary>
/// CloudWatch over JSON 1.0 and over awsQuery against moto, which speaks both: each protocol, forced or learned, puts
/// and reads back the same data. A proxy in front of moto records each request's content type, so a setting that
/// was ignored cannot pass for the other protocol.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class MotoCloudWatchProtocolTests
{
    private const string Json = "application/x-amz-json-1.0";
    private const string Query = "application/x-www-form-urlencoded";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly MotoFixture _moto;

    public MotoCloudWatchProtocolTests(MotoFixture moto) => _moto = moto;

    [SkippableTheory]
    [InlineData(CloudWatchProtocol.Json, Json)]
    [InlineData(CloudWatchProtocol.Query, Query)]
    [InlineData(CloudWatchProtocol.Auto, Json)] // moto answers JSON, so JSON is learned and kept
    public async Task PutMetricDataThenGetMetricDataAndListMetricsRoundTrip(CloudWatchProtocol protocol, string contentType)
    {
        _moto.SkipUnlessRunning();
        if (protocol == CloudWatchProtocol.Auto)
        {
            CloudWatchTransport.ForgetLearned();
        }
        var sent = new ConcurrentQueue<string>();
        await using var proxy = await ScriptedHttpServer.StartAsync((context, _) => Forward(context, sent));
        using var session = new AwsSessionFactory().Connect(new ConnectionSettings
        {
            Region = _moto.Settings.Region, AccessKey = _moto.Settings.AccessKey, SecretKey = _moto.Settings.SecretKey,
            EndpointUrl = proxy.Endpoint, CloudWatchProtocol = protocol,
        });
        // moto ignores the namespace of a query with dimensions: the dimension value is unique too.
        var ns = $"Moto/Protocol/{protocol}/{Guid.NewGuid():N}";
        var dimensions = new[] { new Dimension("Host", "web-" + Guid.NewGuid().ToString("N")[..8]) };
        var m0 = DateTime.UnixEpoch.AddMinutes(Math.Floor((DateTime.UtcNow.AddMinutes(-10) - DateTime.UnixEpoch).TotalMinutes));

        await session.MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("requests") { Dimensions = dimensions, Timestamp = m0, Value = 3, Unit = "Count" },
            new MetricDatum("requests") { Dimensions = dimensions, Timestamp = m0.AddSeconds(30), Value = 4, Unit = "Count" },
            new MetricDatum("requests") { Dimensions = dimensions, Timestamp = m0.AddMinutes(2), Value = 1.5, Unit = "Count" },
        }), None);
        var metric = new MetricIdentity(ns, "requests", dimensions);
        var data = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            new MetricDataQuery("sumq") { MetricStat = new MetricStat(metric, 60, "Sum") },
            new MetricDataQuery("maxq") { MetricStat = new MetricStat(metric, 60, "Maximum") { Unit = "Count" }, Label = "max" },
        }, m0, m0.AddMinutes(5)), None);
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, None);

        Assert.Equal(new[] { "sumq", "maxq" }, data.Results.Select(r => r.Id));
        Assert.Equal(new[] { m0, m0.AddMinutes(2) }, data.Results[0].Timestamps);
        Assert.All(data.Results[0].Timestamps, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(new[] { 7.0, 1.5 }, data.Results[0].Values);
        Assert.Equal(new[] { 4.0, 1.5 }, data.Results[1].Values);
        Assert.Equal("max", data.Results[1].Label);
        Assert.All(data.Results, r => Assert.Equal("Complete", r.StatusCode));
        var listedMetric = Assert.Single(listed.Metrics);
        Assert.Equal((ns, "requests"), (listedMetric.Namespace, listedMetric.MetricName));
        Assert.Equal(dimensions, listedMetric.Dimensions);
        Assert.Null(listed.NextToken);
        Assert.Equal(new[] { contentType, contentType, contentType }, sent.Select(type => type.Split(';')[0]));
    }

    /// <summary>Sends the request on to moto as it came (moto does not check signatures) and its answer back.</summary>
    private async Task Forward(HttpContext context, ConcurrentQueue<string> sent)
    {
        sent.Enqueue(context.Request.ContentType ?? "");
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_moto.Endpoint, context.Request.Path + context.Request.QueryString))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        using var http = new HttpClient();
        using var answer = await http.SendAsync(request);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        await answer.Content.CopyToAsync(context.Response.Body);
    }
}
