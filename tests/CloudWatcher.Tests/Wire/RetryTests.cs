using System.Net;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Tests.Wire;

/// <summary>
/// Throttling and 5xx answers reach AWSSDK.Core's standard retry policy through our error unmarshallers
/// (the error code is what the policy looks at), and a non-retryable error is not retried.
/// </summary>
public sealed class RetryTests
{
    [Theory]
    [InlineData(400, "application/x-amz-json-1.1", "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")]
    [InlineData(503, "application/x-amz-json-1.1", "{\"__type\":\"ServiceUnavailableException\",\"message\":\"try later\"}")]
    public async Task LogsCallsAreRetriedOnThrottlingAnd5xx(int status, string contentType, string body)
    {
        await using var server = await FlakyServer.StartAsync(failures: 2, status, contentType, body,
            success: "{\"logGroups\":[{\"logGroupName\":\"/after/retries\",\"creationTime\":1700000000000}]}", successType: "application/x-amz-json-1.1");
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(Settings(server.Endpoint));
        var result = await session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None);
        Assert.Equal("/after/retries", Assert.Single(result.LogGroups).LogGroupName);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task QueryCallsAreRetriedOnThrottling()
    {
        const string throttled = "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
        const string ok = "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><ListMetricsResult><Metrics><member><Namespace>N</Namespace><MetricName>m</MetricName><Dimensions/></member></Metrics></ListMetricsResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListMetricsResponse>";
        await using var server = await FlakyServer.StartAsync(failures: 1, 400, "text/xml", throttled, ok, "text/xml");
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Query));
        var result = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None);
        Assert.Equal("m", Assert.Single(result.Metrics).MetricName);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task CloudWatchJsonCallsAreRetriedOnTheQueryCompatibleThrottlingCode()
    {
        // The JSON error shape name means nothing to the retry policy; the awsQuery code in x-amzn-query-error does.
        const string throttled = "{\"__type\":\"com.amazonaws.cloudwatch#ThrottlingException\",\"message\":\"Rate exceeded\"}";
        const string ok = "{\"Metrics\":[{\"Namespace\":\"N\",\"MetricName\":\"m\",\"Dimensions\":[]}]}";
        await using var server = await FlakyServer.StartAsync(failures: 1, 400, "application/x-amz-json-1.0", throttled, ok, "application/x-amz-json-1.0",
            ("x-amzn-query-error", "Throttling;Sender"));
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(Settings(server.Endpoint, CloudWatchProtocol.Json));
        var result = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest(), CancellationToken.None);
        Assert.Equal("m", Assert.Single(result.Metrics).MetricName);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task InvalidParameterIsNotRetried()
    {
        await using var server = await FlakyServer.StartAsync(failures: 5, 400, "application/x-amz-json-1.1",
            "{\"__type\":\"InvalidParameterException\",\"message\":\"bad\"}", "{}", "application/x-amz-json-1.1");
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(Settings(server.Endpoint));
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task ThrottlingThatNeverEndsSurfacesAfterTheConfiguredAttempts()
    {
        await using var server = await FlakyServer.StartAsync(failures: 100, 400, "application/x-amz-json-1.1",
            "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", "{}", "application/x-amz-json-1.1");
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(Settings(server.Endpoint));
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
        Assert.Equal(ErrorKind.Throttled, ex.Kind);
        Assert.Equal(3, server.Requests); // AWS_MAX_ATTEMPTS=3 in the hermetic test environment
    }

    private static ConnectionSettings Settings(Uri endpoint, CloudWatchProtocol? protocol = null) =>
        new() { Region = "us-east-1", AccessKey = "AKID", SecretKey = "s", EndpointUrl = endpoint, CloudWatchProtocol = protocol };

    /// <summary>Answers the first N requests with an error, then with success.</summary>
    private static class FlakyServer
    {
        public static Task<ScriptedHttpServer> StartAsync(int failures, int status, string contentType, string body, string success, string successType,
            params (string Name, string Value)[] failureHeaders) =>
            ScriptedHttpServer.StartAsync(async (context, n) =>
            {
                var fail = n <= failures;
                context.Response.StatusCode = fail ? status : 200;
                context.Response.ContentType = fail ? contentType : successType;
                foreach (var (name, value) in fail ? failureHeaders : [])
                {
                    context.Response.Headers[name] = value;
                }
                await context.Response.WriteAsync(fail ? body : success);
            });
    }
}
