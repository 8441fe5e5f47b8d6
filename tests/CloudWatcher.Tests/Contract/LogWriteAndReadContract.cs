using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>CreateLogGroup, CreateLogStream, PutLogEvents and GetLogEvents as CloudWatch Logs answers them.</summary>
public abstract class LogWriteAndReadContract : PortContract
{
    protected LogWriteAndReadContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task CreatingALogGroupTwiceIsAlreadyExists()
    {
        var group = Unique("/contract/dup-");
        await LogWrite.CreateLogGroupAsync(group, None);
        await Fails(ErrorKind.AlreadyExists, "ResourceAlreadyExistsException", "CreateLogGroup", () => LogWrite.CreateLogGroupAsync(group, None));
    }

    [ContractFact]
    public async Task CreatingALogStreamTwiceIsAlreadyExists()
    {
        var group = await NewStream("s");
        await Fails(ErrorKind.AlreadyExists, "ResourceAlreadyExistsException", "CreateLogStream", () => LogWrite.CreateLogStreamAsync(group, "s", None));
    }

    [ContractFact]
    public async Task CreatingALogStreamInAMissingGroupIsNotFound() =>
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "CreateLogStream",
            () => LogWrite.CreateLogStreamAsync(Unique("/contract/missing-"), "s", None));

    [ContractTheory]
    [InlineData("/contract/has space")]
    [InlineData("/contract/colon:")]
    [InlineData("/contract/star*")]
    public async Task ALogGroupNameOutsideTheAllowedCharactersIsInvalid(string name) =>
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "CreateLogGroup", () => LogWrite.CreateLogGroupAsync(name, None));

    [ContractTheory]
    [InlineData("a:b")]
    [InlineData("a*b")]
    public async Task ALogStreamNameWithAColonOrAStarIsInvalid(string name)
    {
        var group = Unique("/contract/names-");
        await LogWrite.CreateLogGroupAsync(group, None);
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "CreateLogStream", () => LogWrite.CreateLogStreamAsync(group, name, None));
    }

    [ContractFact]
    public async Task PuttingToAMissingStreamIsNotFound()
    {
        var group = await NewStream("s");
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "other", new[] { new InputLogEvent(Now, "x") }), None));
    }

    [ContractFact]
    public async Task EventsComeBackFromTheHeadInOrderWithUtcMillisecondTimestamps()
    {
        var group = await NewStream("s");
        var start = Now.AddMinutes(-30);
        var input = new[]
        {
            new InputLogEvent(start.AddTicks(1234), "first ✓"),
            new InputLogEvent(start.AddMilliseconds(1.5), "second"),
            new InputLogEvent(start.AddSeconds(1).ToLocalTime(), "third, given in local time"),
            new InputLogEvent(start.AddSeconds(1).AddMilliseconds(7), "fourth"),
        };
        var before = Millis(DateTime.UtcNow);
        Assert.Null((await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", input), None)).TooOldLogEventEndIndex);
        var after = DateTime.UtcNow;

        var read = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None);

        Assert.Equal(input.Select(e => e.Message), read.Events.Select(e => e.Message));
        Assert.Equal(input.Select(e => Millis(e.Timestamp)), read.Events.Select(e => e.Timestamp));
        Assert.All(read.Events, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
        Assert.All(read.Events, e => Assert.Equal(group, e.LogGroupName));
        Assert.All(read.Events, e => Assert.Equal("s", e.LogStreamName));
        Assert.All(read.Events, e => Assert.Null(e.EventId)); // GetLogEvents returns no event ids
        Assert.All(read.Events, e => Assert.InRange(e.IngestionTime!.Value, before, after));
    }

    [ContractFact]
    public async Task AtTheEndTheSameForwardTokenComesBackAndReadsWhatIsPutLater()
    {
        var group = await NewStream("s");
        await Put(group, "s", Now.AddMinutes(-10), 3, "old");

        var first = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None);
        Assert.Equal(3, first.Events.Count);
        var end = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { NextToken = first.NextForwardToken }, None);
        Assert.Empty(end.Events);
        Assert.Equal(first.NextForwardToken, end.NextForwardToken);

        await Put(group, "s", Now.AddMinutes(-5), 2, "new");
        var later = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { NextToken = end.NextForwardToken }, None);
        Assert.Equal(new[] { "new 0", "new 1" }, later.Events.Select(e => e.Message));
        Assert.NotEqual(end.NextForwardToken, later.NextForwardToken);
    }

    [ContractFact]
    public async Task TheLimitIsHonouredAndForwardTokensReadEveryEventOnce()
    {
        var group = await NewStream("s");
        await Put(group, "s", Now.AddMinutes(-20), 25, "line");

        var pages = new List<IReadOnlyList<LogEvent>>();
        string? token = null;
        for (var calls = 0; calls < 10; calls++)
        {
            var page = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true, NextToken = token, Limit = 10 }, None);
            pages.Add(page.Events);
            if (page.NextForwardToken == token)
            {
                break;
            }
            token = page.NextForwardToken;
        }

        Assert.All(pages, p => Assert.InRange(p.Count, 0, 10));
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Empty(pages[^1]);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"line {i}"), pages.SelectMany(p => p).Select(e => e.Message));
    }

    [ContractFact]
    public async Task WithoutStartFromHeadTheNewestEventsComeFirstAndTheBackwardTokenPagesBack()
    {
        var group = await NewStream("s");
        await Put(group, "s", Now.AddMinutes(-20), 5, "line");

        var newest = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = false, Limit = 2 }, None);
        Assert.Equal(new[] { "line 3", "line 4" }, newest.Events.Select(e => e.Message));

        var older = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = false, NextToken = newest.NextBackwardToken, Limit = 2 }, None);
        Assert.Equal(new[] { "line 1", "line 2" }, older.Events.Select(e => e.Message));
    }

    [ContractFact]
    public async Task StartTimeIsInclusiveAndEndTimeExclusive()
    {
        var group = await NewStream("s");
        var start = Millis(Now.AddMinutes(-20));
        await Put(group, "s", start, 5, "line");

        var read = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s")
        {
            StartFromHead = true,
            StartTime = start.AddSeconds(1),
            EndTime = start.AddSeconds(3),
        }, None);

        Assert.Equal(new[] { "line 1", "line 2" }, read.Events.Select(e => e.Message));
    }

    [ContractFact]
    public async Task ReadingAMissingGroupOrStreamIsNotFound()
    {
        var group = await NewStream("s");
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "GetLogEvents",
            () => LogRead.GetLogEventsAsync(new GetLogEventsRequest(Unique("/contract/missing-"), "s"), None));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "GetLogEvents",
            () => LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "missing"), None));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "FilterLogEvents",
            () => LogRead.FilterLogEventsAsync(new FilterLogEventsRequest(Unique("/contract/missing-")), None));
    }

    [ContractFact]
    public async Task ABatchOutOfChronologicalOrderIsInvalid()
    {
        var group = await NewStream("s");
        var events = new[] { new InputLogEvent(Now.AddMinutes(-1), "later"), new InputLogEvent(Now.AddMinutes(-2), "earlier") };
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", events), None));
    }

    [ContractFact]
    public async Task EventsTooOldOrTooNewAreRejectedByIndexAndNotStored()
    {
        var group = await NewStream("s");
        var old = await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[]
        {
            new InputLogEvent(Now.AddDays(-15), "old 0"),
            new InputLogEvent(Now.AddDays(-15).AddSeconds(1), "old 1"),
        }), None);
        Assert.Equal(1, old.TooOldLogEventEndIndex);
        Assert.Null(old.TooNewLogEventStartIndex);

        var mixed = await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[]
        {
            new InputLogEvent(Now.AddMinutes(-1), "kept"),
            new InputLogEvent(Now.AddHours(3), "new 0"),
            new InputLogEvent(Now.AddHours(3).AddSeconds(1), "new 1"),
        }), None);
        Assert.Equal(1, mixed.TooNewLogEventStartIndex);
        Assert.Null(mixed.TooOldLogEventEndIndex);

        var read = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None);
        Assert.Equal(new[] { "kept" }, read.Events.Select(e => e.Message));
    }

    [ContractFact]
    public async Task ABatchOfExactly1048576BytesIsTakenAndOneByteMoreIsInvalid()
    {
        var group = await NewStream("s");
        // 1,048,576 bytes as PutLogEvents counts them: the UTF-8 message plus 26 per event.
        var exact = new[] { new InputLogEvent(Now.AddMinutes(-2), new string('a', 524_262)), new InputLogEvent(Now.AddMinutes(-1), new string('b', 524_262)) };
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", exact), None);
        var over = new[] { new InputLogEvent(Now.AddMinutes(-2), new string('a', 524_262)), new InputLogEvent(Now.AddMinutes(-1), new string('b', 524_263)) };
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", over), None));

        var read = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None);
        Assert.Equal(new[] { 524_262, 524_262 }, read.Events.Select(e => e.Message.Length));
    }

    [ContractFact]
    public async Task ABatchOf10001EventsIsInvalid()
    {
        var group = await NewStream("s");
        var events = Enumerable.Range(0, 10_001).Select(i => new InputLogEvent(Now.AddMinutes(-5), "e")).ToList();
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", events), None));
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", events.Take(10_000).ToList()), None);
    }

    [ContractFact]
    public async Task ABatchSpanningMoreThan24HoursIsInvalid()
    {
        var group = await NewStream("s");
        var start = Now.AddHours(-30);
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s",
                new[] { new InputLogEvent(start, "first"), new InputLogEvent(start.AddHours(24).AddMilliseconds(1), "last") }), None));
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s",
            new[] { new InputLogEvent(start, "first"), new InputLogEvent(start.AddHours(24), "last") }), None);
    }

    /// <summary>A new group with one stream; returns the group's name.</summary>
    private async Task<string> NewStream(string stream)
    {
        var group = Unique("/contract/logs-");
        await LogWrite.CreateLogGroupAsync(group, None);
        await LogWrite.CreateLogStreamAsync(group, stream, None);
        return group;
    }

    /// <summary>Puts "{prefix} {i}" one second apart from <paramref name="start"/>.</summary>
    private Task<PutLogEventsResult> Put(string group, string stream, DateTime start, int count, string prefix) =>
        LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, stream,
            Enumerable.Range(0, count).Select(i => new InputLogEvent(start.AddSeconds(i), $"{prefix} {i}")).ToList()), None);
}
