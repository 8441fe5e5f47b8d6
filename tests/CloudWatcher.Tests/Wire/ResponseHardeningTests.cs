using CloudWatcher.Aws;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>What a hostile network does: pages that are not CloudWatch, silence, and error text that quotes secrets.</summary>
public sealed class ResponseHardeningTests
{
    private const string LoginPage = "<!DOCTYPE html><html><head><title>Sign in - Corporate Proxy</title></head><body>Please sign in</body></html>";

    private static ConnectionSettings Settings(Uri endpoint, TimeSpan? timeout = null) =>
        new() { Region = "us-east-1", AccessKey = "AKIDHARDENING0001", SecretKey = "hardening-secret-key-value-0123456789", EndpointUrl = endpoint, Timeout = timeout };

    [Fact]
    public async Task AnHtmlPageIsNeverAnEmptyListOfLogGroups()
    {
        await using var server = await ScriptedHttpServer.AnsweringAsync(200, "text/html; charset=utf-8", LoginPage);
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidData, ex.Kind);
        Assert.Equal("InvalidResponse", ex.ErrorId);
        Assert.Contains("HTML page titled 'Sign in - Corporate Proxy'", ex.Message);
        Assert.Contains("not a CloudWatch Logs answer", ex.Message);
    }

    [Fact]
    public async Task AnHtmlPageIsNeverAPageOfLogEvents()
    {
        await using var server = await ScriptedHttpServer.AnsweringAsync(200, "text/html", LoginPage);
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogRead.GetLogEventsAsync(new GetLogEventsRequest("/g", "s"), CancellationToken.None));
        Assert.Equal("InvalidResponse", ex.ErrorId);
    }

    [Theory]
    [InlineData("text/html", LoginPage, "HTML page")]
    [InlineData("text/xml", "<?xml version=\"1.0\"?><status>ok</status>", "root element <status>")]
    [InlineData("text/plain", "It works!", "'It works!'")]
    public async Task AnAnswerThatIsNotCloudWatchIsAnErrorForMetricsToo(string contentType, string body, string described)
    {
        await using var server = await ScriptedHttpServer.AnsweringAsync(200, contentType, body);
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        var list = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None));
        Assert.Equal("InvalidResponse", list.ErrorId);
        Assert.Contains(described, list.Message);
        var metric = new MetricIdentity("NS", "m", Array.Empty<Dimension>());
        var read = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            new[] { new MetricDataQuery("q0") { MetricStat = new MetricStat(metric, 60, "Maximum") } }, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow), CancellationToken.None));
        Assert.Equal("InvalidResponse", read.ErrorId);
    }

    [Fact]
    public async Task JsonLabelledAsHtmlIsStillReadAsMotoSendsIt()
    {
        // moto answers CloudWatch Logs with Content-Type text/html: the body decides, not the label.
        await using var server = await ScriptedHttpServer.AnsweringAsync(200, "text/html; charset=utf-8", "{\"logGroups\": [{\"logGroupName\": \"/moto\"}], \"nextToken\": null}");
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        var groups = await session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None);
        Assert.Equal("/moto", Assert.Single(groups.LogGroups).LogGroupName);
    }

    [Fact]
    public async Task AnEmptyAnswerToAnOperationWithoutOutputIsSuccessAndNotRetried()
    {
        // CloudWatch Logs (and moto) answer CreateLogGroup and CreateLogStream with 200 and no body at all; a retry
        // would only meet ResourceAlreadyExistsException.
        await using var server = await ScriptedHttpServer.AnsweringAsync(200, "text/html; charset=utf-8", "");
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        await session.LogWrite.CreateLogGroupAsync("/g", CancellationToken.None);
        await session.LogWrite.CreateLogStreamAsync("/g", "s", CancellationToken.None);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task AnEmptyAnswerIsNeverAPageOfLogGroups()
    {
        await using var server = await ScriptedHttpServer.AnsweringAsync(200, "application/x-amz-json-1.1", "");
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
        Assert.Equal("InvalidResponse", ex.ErrorId);
        Assert.Contains("an empty body", ex.Message);
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswersEndsInBoundedTimeWithOperationTimeout()
    {
        await using var server = await ScriptedHttpServer.StartAsync((context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint, TimeSpan.FromSeconds(1)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.Equal(ErrorKind.Timeout, ex.Kind);
        Assert.Equal("OperationTimeout", ex.ErrorId);
        Assert.Contains("did not answer in time", ex.Message);
    }

    [Fact]
    public async Task CtrlCDuringAHangIsACancellationNotATimeout()
    {
        await using var server = await ScriptedHttpServer.StartAsync((context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var session = new AwsSessionFactory().Connect(Settings(server.Endpoint));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), cts.Token));
    }

    [Fact]
    public async Task ServerTextThatQuotesSecretsIsRedacted()
    {
        const string token = "FwoGZXIvYXdzEJr//////////wEaDKq1c2Vzc2lvbi10b2tlbi12YWx1ZQ==";
        await using var server = await ScriptedHttpServer.AnsweringAsync(400, "application/x-amz-json-1.1",
            "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request signature we calculated does not match. Canonical request: " +
            "X-Amz-Security-Token=" + token.Replace("/", "\\/") + "&Credential=AKIDHARDENING0001/20261201/us-east-1/logs/aws4_request secret hardening-secret-key-value-0123456789\"}");
        using var session = new AwsSessionFactory().Connect(new ConnectionSettings
        {
            Region = "us-east-1", AccessKey = "AKIDHARDENING0001", SecretKey = "hardening-secret-key-value-0123456789", SessionToken = token, EndpointUrl = server.Endpoint,
        });
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
        Assert.DoesNotContain(token, ex.Message);
        Assert.DoesNotContain("hardening-secret-key-value-0123456789", ex.Message);
        Assert.DoesNotContain("AKIDHARDENING0001", ex.Message);
        Assert.Contains("****", ex.Message);
        Assert.Null(ex.InnerException); // the SDK's unredacted text is not kept
    }
}
