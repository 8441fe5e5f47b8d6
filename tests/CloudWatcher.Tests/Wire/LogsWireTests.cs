using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>The CloudWatch Logs (JSON 1.1) client against the emulator.</summary>
public sealed class LogsWireTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public LogsWireTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public async Task CreatePutGetAndTheSameTokenMarksTheEndOfAStream()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var group = "/wire/" + Guid.NewGuid().ToString("N")[..8];
        await session.LogWrite.CreateLogGroupAsync(group, CancellationToken.None);
        await session.LogWrite.CreateLogStreamAsync(group, "s1", CancellationToken.None);
        var start = DateTime.UtcNow.AddMinutes(-5);
        var input = Enumerable.Range(0, 25).Select(i => new InputLogEvent(start.AddSeconds(i), $"line {i} ✓")).ToList();
        var put = await session.LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s1", input), CancellationToken.None);
        Assert.Null(put.TooOldLogEventEndIndex);

        var read = new List<LogEvent>();
        string? token = null;
        for (var calls = 0; calls < 20; calls++)
        {
            var page = await session.LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s1") { NextToken = token, Limit = 10 }, CancellationToken.None);
            read.AddRange(page.Events);
            if (page.NextForwardToken == token)
            {
                break;
            }
            token = page.NextForwardToken;
        }

        Assert.Equal(input.Select(e => e.Message), read.Select(e => e.Message));
        Assert.All(read, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
        Assert.Equal(input[3].Timestamp.Ticks / TimeSpan.TicksPerMillisecond, read[3].Timestamp.Ticks / TimeSpan.TicksPerMillisecond);
        Assert.All(read, e => Assert.Equal("s1", e.LogStreamName));
    }

    [Fact]
    public async Task FilterAndDescribeWorkOnTheDemoGroup()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var groups = await session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/cloudwatcher/demo" }, CancellationToken.None);
        Assert.Contains(groups.LogGroups, g => g.LogGroupName == "/cloudwatcher/demo/jobs");

        var streams = await session.LogCatalog.DescribeLogStreamsAsync(new DescribeLogStreamsRequest("/cloudwatcher/demo/jobs"), CancellationToken.None);
        Assert.Equal(3, streams.LogStreams.Count);

        var filtered = await session.LogRead.FilterLogEventsAsync(new FilterLogEventsRequest("/cloudwatcher/demo/jobs") { FilterPattern = "ERROR", Limit = 50 }, CancellationToken.None);
        Assert.NotEmpty(filtered.Events);
        Assert.All(filtered.Events, e => Assert.Contains("ERROR", e.Message));
        Assert.All(filtered.Events, e => Assert.False(string.IsNullOrEmpty(e.EventId)));
    }

    [Fact]
    public async Task ErrorsMapToKinds()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var missing = await Assert.ThrowsAsync<CloudWatcherServiceException>(() =>
            session.LogRead.GetLogEventsAsync(new GetLogEventsRequest("/no/such/group", "x"), CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);

        var group = "/wire/dup-" + Guid.NewGuid().ToString("N")[..8];
        await session.LogWrite.CreateLogGroupAsync(group, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => session.LogWrite.CreateLogGroupAsync(group, CancellationToken.None));
        Assert.Equal(ErrorKind.AlreadyExists, duplicate.Kind);
    }

    [Fact]
    public async Task CancellationEndsACallPromptly()
    {
        await using var slow = await CloudWatcher.Emulator.EmulatorServer.StartAsync(new CloudWatcher.Emulator.EmulatorOptions { ResponseDelay = TimeSpan.FromSeconds(30) });
        var settings = new ConnectionSettings { Region = "us-east-1", AccessKey = "AKID", SecretKey = "s", EndpointUrl = slow.Endpoint };
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(settings);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
