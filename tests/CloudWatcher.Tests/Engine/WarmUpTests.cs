using CloudWatcher.Aws;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// The warm-up the module starts at import (<see cref="EngineWarmUp"/>) runs a first Get-CwLog against an answer held
/// in memory: it reads that answer through its own in-memory connections only (its endpoint is a .invalid name that
/// cannot resolve, so any request that went elsewhere would fail), once per process, and never fails.
/// </summary>
public sealed class WarmUpTests
{
    [Fact]
    public async Task ReadsTheCannedEventThroughOneInMemoryConnectionAndNothingElse()
    {
        var (events, connections) = await AwsWarmUp.RunAsync(CancellationToken.None);
        Assert.Equal(1, events);
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task StartsOncePerProcessAndNeverFaults()
    {
        var first = EngineWarmUp.Start();
        Assert.Same(first, EngineWarmUp.Start());
        await first.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(TaskStatus.RanToCompletion, first.Status);
    }
}

/// <summary>
/// AWSSDK.Core reads some settings once per process, at first use (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, the profile's
/// retry_mode). The warm-up is that first use now, at import; the first real connection reads them again, so a variable
/// set between Import-Module and the first call still counts, as it did without a warm-up.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class WarmUpSdkSettingsTests
{
    [Fact]
    public async Task ASettingChangedAfterTheWarmUpCountsForTheFirstRealConnection()
    {
        await AwsWarmUp.RunAsync(CancellationToken.None);
        await using var server = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        });
        try
        {
            using (HermeticAwsEnvironment.With(("AWS_MAX_ATTEMPTS", "1")))
            {
                using var session = new AwsSessionFactory().Connect(new ConnectionSettings
                {
                    Region = "us-east-1", AccessKey = "AKID", SecretKey = "s", EndpointUrl = server.Endpoint,
                });
                var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None));
                Assert.Equal(ErrorKind.Throttled, ex.Kind);
                Assert.Equal(1, server.Requests); // 3 (the hermetic AWS_MAX_ATTEMPTS) had the warm-up's reading stuck
            }
        }
        finally
        {
            // Back to the hermetic AWS_MAX_ATTEMPTS=3 for the tests that follow.
            Amazon.Runtime.Internal.FallbackInternalConfigurationFactory.Reset();
        }
    }
}
