using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>FilterLogEvents as CloudWatch Logs answers it: streams interleaved by time, term patterns, bounds and paging.</summary>
public abstract class LogFilterContract : PortContract
{
    protected LogFilterContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task StreamsAreInterleavedByTimestampWithStreamNamesAndEventIds()
    {
        var start = Millis(Now.AddMinutes(-30));
        var group = await NewGroup(("a", start, new[] { "a0", "a1", "a2" }), ("b", start.AddMilliseconds(500), new[] { "b0", "b1", "b2" }));

        var events = await FilterAll(new FilterLogEventsRequest(group));

        Assert.Equal(new[] { "a0", "b0", "a1", "b1", "a2", "b2" }, events.Select(e => e.Message));
        Assert.Equal(new[] { "a", "b", "a", "b", "a", "b" }, events.Select(e => e.LogStreamName));
        Assert.Equal(start.AddSeconds(1).AddMilliseconds(500), events[3].Timestamp);
        Assert.All(events, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
        Assert.All(events, e => Assert.Equal(group, e.LogGroupName));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.EventId)));
        Assert.Equal(6, events.Select(e => e.EventId).Distinct().Count());
    }

    [ContractTheory]
    [InlineData("ERROR", 0, 1, 3)]
    [InlineData("ERROR timeout", 1)]
    [InlineData("\"disk full\"", 3)]
    [InlineData("ERROR -timeout", 0, 3)]
    [InlineData("?timeout ?WARN", 1, 4)]
    [InlineData("error", 2)]
    public async Task TermPatternsMatchCaseSensitiveSubstrings(string pattern, params int[] expected)
    {
        var messages = new[] { "ERROR in step 3", "[ERRORS] request timeout", "error, lower case", "ERROR: disk full", "WARN slow" };
        var group = await NewGroup(("s", Now.AddMinutes(-30), messages));

        var events = await FilterAll(new FilterLogEventsRequest(group) { FilterPattern = pattern });

        Assert.Equal(expected.Select(i => messages[i]), events.Select(e => e.Message));
    }

    [ContractFact]
    public async Task StreamNamesOrAPrefixChooseTheStreams()
    {
        var start = Now.AddMinutes(-30);
        var group = await NewGroup(("app-1", start, new[] { "x1" }), ("app-2", start.AddSeconds(1), new[] { "x2" }), ("web-1", start.AddSeconds(2), new[] { "x3" }));

        var named = await FilterAll(new FilterLogEventsRequest(group) { LogStreamNames = new[] { "web-1", "app-1" } });
        Assert.Equal(new[] { "x1", "x3" }, named.Select(e => e.Message));

        var prefixed = await FilterAll(new FilterLogEventsRequest(group) { LogStreamNamePrefix = "app-" });
        Assert.Equal(new[] { "x1", "x2" }, prefixed.Select(e => e.Message));
    }

    [ContractFact]
    public async Task StreamNamesAndAPrefixTogetherAreInvalid()
    {
        var group = await NewGroup(("s", Now.AddMinutes(-1), new[] { "x" }));
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "FilterLogEvents",
            () => LogRead.FilterLogEventsAsync(new FilterLogEventsRequest(group) { LogStreamNames = new[] { "s" }, LogStreamNamePrefix = "s" }, None));
    }

    [ContractFact]
    public async Task StartAndEndTimeAreBothInclusive()
    {
        var start = Millis(Now.AddMinutes(-30));
        var group = await NewGroup(("s", start, new[] { "e0", "e1", "e2", "e3", "e4" }));

        var events = await FilterAll(new FilterLogEventsRequest(group) { StartTime = start.AddSeconds(1), EndTime = start.AddSeconds(3) });

        Assert.Equal(new[] { "e1", "e2", "e3" }, events.Select(e => e.Message));
    }

    [ContractFact]
    public async Task NextTokensPageThroughEveryMatchOnceAndTheLastPageHasNone()
    {
        var start = Now.AddMinutes(-30);
        var a = Enumerable.Range(0, 13).Select(i => $"a {i}").ToArray();
        var b = Enumerable.Range(0, 12).Select(i => $"b {i}").ToArray();
        var group = await NewGroup(("a", start, a), ("b", start.AddMilliseconds(500), b));

        var pages = new List<FilterLogEventsResult>();
        string? token = null;
        do
        {
            var page = await LogRead.FilterLogEventsAsync(new FilterLogEventsRequest(group) { NextToken = token, Limit = 10 }, None);
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.Null(pages[^1].NextToken);
        Assert.All(pages, p => Assert.InRange(p.Events.Count, 0, 10));
        Assert.Equal(a.Zip(b).SelectMany(p => new[] { p.First, p.Second }).Append("a 12"), pages.SelectMany(p => p.Events).Select(e => e.Message));
    }

    /// <summary>A new group with streams whose events are one second apart from each stream's start.</summary>
    private async Task<string> NewGroup(params (string Stream, DateTime Start, string[] Messages)[] streams)
    {
        var group = Unique("/contract/filter-");
        await LogWrite.CreateLogGroupAsync(group, None);
        foreach (var (stream, start, messages) in streams)
        {
            await LogWrite.CreateLogStreamAsync(group, stream, None);
            await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, stream,
                messages.Select((m, i) => new InputLogEvent(start.AddSeconds(i), m)).ToList()), None);
        }
        return group;
    }

    private async Task<List<LogEvent>> FilterAll(FilterLogEventsRequest request)
    {
        var events = new List<LogEvent>();
        string? token = null;
        for (var calls = 0; calls < 20; calls++)
        {
            var page = await LogRead.FilterLogEventsAsync(request with { NextToken = token }, None);
            events.AddRange(page.Events);
            token = page.NextToken;
            if (token is null)
            {
                return events;
            }
        }
        throw new InvalidOperationException("FilterLogEvents did not end in 20 pages.");
    }
}
