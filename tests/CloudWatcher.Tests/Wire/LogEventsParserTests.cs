using System.Text;
using CloudWatcher.Aws.Logs;

namespace CloudWatcher.Tests.Wire;

/// <summary>The streaming page parser must give the same result however the bytes arrive.</summary>
public sealed class LogEventsParserTests
{
    /// <summary>Returns at most a few bytes per Read, so every token boundary falls between chunks somewhere.</summary>
    private sealed class TrickleStream : MemoryStream
    {
        private int _turn;

        public TrickleStream(byte[] data) : base(data) { }

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1 + (_turn++ % 7)));
    }

    private static string Page(string longMessage) => $$"""
        {"events":[
          {"logStreamName":"web-1","timestamp":1700000000000,"message":"first \"quoted\" ✓","ingestionTime":1700000000500,"eventId":"1"},
          {"extra":{"nested":[1,2,{"deep":true}]},"logStreamName":"web\u002d2","timestamp":1700000001000,"message":"{{longMessage}}","eventId":"2"},
          {"timestamp":1700000002000,"message":"","logStreamName":"web-1","eventId":"3","unknown":[[],{}]}
        ],"searchedLogStreams":[{"logStreamName":"web-1","searchedCompletely":true}],"nextToken":"tok\/1","nextForwardToken":null}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ParsesTheSameInOneChunkOrInTinyOnes(bool trickle)
    {
        var longMessage = new string('x', 200_000); // larger than a chunk: the buffer must grow
        var bytes = Encoding.UTF8.GetBytes(Page(longMessage));
        using Stream body = trickle ? new TrickleStream(bytes) : new MemoryStream(bytes);

        var (events, tokens) = LogEventsParser.Parse(body, "/g", null, "nextToken", "nextForwardToken");

        Assert.Equal(3, events.Count);
        Assert.Equal("first \"quoted\" ✓", events[0].Message);
        Assert.Equal(longMessage, events[1].Message);
        Assert.Equal("", events[2].Message);
        Assert.Equal(new[] { "web-1", "web-2", "web-1" }, events.Select(e => e.LogStreamName));
        Assert.Same(events[0].LogStreamName, events[2].LogStreamName); // one string per stream name a page
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), events[0].Timestamp);
        Assert.NotNull(events[0].IngestionTime);
        Assert.Null(events[1].IngestionTime);
        Assert.Equal(new[] { "1", "2", "3" }, events.Select(e => e.EventId));
        Assert.Equal("tok/1", tokens["nextToken"]);
        Assert.Null(tokens["nextForwardToken"]);
        Assert.Equal(-1, body.ReadByte()); // read to the end, so the SDK can check length and checksum
    }

    [Fact]
    public void ATruncatedPageIsAnError()
    {
        var bytes = Encoding.UTF8.GetBytes(Page("x"))[..120];
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => LogEventsParser.Parse(new MemoryStream(bytes), "/g", null, "nextToken"));
    }

    [Fact]
    public void AFullPageStaysOffTheLargeObjectHeapAndKeepsItsOrder()
    {
        // 10,000 events (a full page) in one array would be 80 KB+ of references: the large object heap, which only a
        // full collection frees. The page keeps them in blocks, in order, across the block boundaries.
        var json = new StringBuilder("{\"events\":[");
        for (var i = 0; i < 10_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"logStreamName\":\"s\",\"timestamp\":").Append(1700000000000 + i).Append(",\"message\":\"m").Append(i).Append("\",\"eventId\":\"").Append(i).Append("\"}");
        }
        json.Append("],\"nextToken\":null}");
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        var (events, _) = LogEventsParser.Parse(new MemoryStream(bytes), "/g", null, "nextToken");

        Assert.Equal(10_000, events.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => "m" + i), events.Select(e => e.Message));
        Assert.Equal("m4095", events[4095].Message);
        Assert.Equal("m4096", events[4096].Message);
        Assert.Equal("m9999", events[^1].Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => events[10_000]);
        Assert.Throws<ArgumentOutOfRangeException>(() => events[-1]);
        // Not one growing array: the page's blocks are 4,096 references (32 KB), below the 85,000-byte LOH threshold.
        Assert.IsType<CloudWatcher.Logs.LogEventPage>(events);
        Assert.True(CloudWatcher.Logs.LogEventPage.BlockBytes < 85_000);
    }
}
