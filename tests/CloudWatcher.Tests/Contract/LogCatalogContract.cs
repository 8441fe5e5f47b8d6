using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>DescribeLogGroups and DescribeLogStreams as CloudWatch Logs answers them: filters, order, paging, errors.</summary>
public abstract class LogCatalogContract : PortContract
{
    protected LogCatalogContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task GroupsByPrefixComeSortedByNameAndLimitPagesThroughEachOnce()
    {
        var prefix = Unique("/contract/catalog-") + "/";
        var names = new[] { "b", "a/x", "c", "a", "B" }.Select(n => prefix + n).ToList();
        var before = Millis(DateTime.UtcNow);
        foreach (var name in names.Append(prefix.TrimEnd('/') + "-outside"))
        {
            await LogWrite.CreateLogGroupAsync(name, None);
        }
        var after = DateTime.UtcNow;

        var pages = new List<DescribeLogGroupsResult>();
        string? token = null;
        do
        {
            var page = await LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = prefix, Limit = 2, NextToken = token }, None);
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.Null(pages[^1].NextToken);
        Assert.All(pages, p => Assert.InRange(p.LogGroups.Count, 0, 2));
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        var groups = pages.SelectMany(p => p.LogGroups).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), groups.Select(g => g.LogGroupName));
        Assert.All(groups, g => Assert.InRange(g.CreationTime!.Value, before, after));
        Assert.All(groups, g => Assert.Equal(DateTimeKind.Utc, g.CreationTime!.Value.Kind));
        Assert.All(groups, g => Assert.EndsWith(":log-group:" + g.LogGroupName, g.Arn));
        Assert.All(groups, g => Assert.StartsWith("arn:aws:logs:", g.Arn));
    }

    [ContractFact]
    public async Task APatternMatchesGroupsContainingItAndCannotBeCombinedWithAPrefix()
    {
        var token = Unique("Pat");
        var matching = new[] { $"/contract/{token}", $"/contract/x-{token}-y" };
        foreach (var name in matching.Append("/contract/" + Unique("other-")))
        {
            await LogWrite.CreateLogGroupAsync(name, None);
        }

        var found = await LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePattern = token }, None);
        Assert.Equal(matching.Order(StringComparer.Ordinal), found.LogGroups.Select(g => g.LogGroupName));

        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "DescribeLogGroups",
            () => LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePattern = token, LogGroupNamePrefix = "/contract" }, None));
    }

    [ContractFact]
    public async Task StreamsByPrefixComeSortedByNameAndLimitPagesThroughEachOnce()
    {
        var group = await NewGroup("app-2", "web-1", "app-10", "app-1", "ap");

        var read = await DescribeAll(new DescribeLogStreamsRequest(group) { LogStreamNamePrefix = "app-", Limit = 2 });
        Assert.All(read.Pages, count => Assert.InRange(count, 0, 2));
        Assert.True(read.Pages.Count >= 2, $"{read.Pages.Count} pages");
        Assert.Equal(new[] { "app-1", "app-10", "app-2" }, read.Streams.Select(s => s.LogStreamName));
        Assert.All(read.Streams, s => Assert.Equal(group, s.LogGroupName));

        var descending = await DescribeAll(new DescribeLogStreamsRequest(group) { Descending = true });
        Assert.Equal(new[] { "web-1", "app-2", "app-10", "app-1", "ap" }, descending.Streams.Select(s => s.LogStreamName));
    }

    [ContractFact]
    public async Task StreamsCarryTheirCreationAndEventTimes()
    {
        var before = Millis(DateTime.UtcNow);
        var group = await NewGroup("empty", "full");
        var first = Millis(Now.AddMinutes(-20));
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "full", new[]
        {
            new InputLogEvent(first, "one"), new InputLogEvent(first.AddMinutes(3), "two"),
        }), None);
        var after = DateTime.UtcNow;

        var streams = (await DescribeAll(new DescribeLogStreamsRequest(group))).Streams;

        var empty = streams.Single(s => s.LogStreamName == "empty");
        Assert.Null(empty.FirstEventTime);
        Assert.Null(empty.LastEventTime);
        var full = streams.Single(s => s.LogStreamName == "full");
        Assert.Equal(first, full.FirstEventTime);
        Assert.Equal(first.AddMinutes(3), full.LastEventTime);
        Assert.InRange(full.LastIngestionTime!.Value, before, after);
        Assert.All(streams, s => Assert.InRange(s.CreationTime!.Value, before, after));
        Assert.All(streams, s => Assert.EndsWith($":log-group:{group}:log-stream:{s.LogStreamName}", s.Arn));
    }

    [ContractFact]
    public async Task OrderedByLastEventTimeDescendingTheStreamWithTheNewestEventComesFirst()
    {
        var group = await NewGroup("a-old", "b-new", "c-mid");
        var start = Now.AddMinutes(-30);
        foreach (var (stream, minutes) in new[] { ("b-new", 20), ("a-old", 0), ("c-mid", 10) })
        {
            await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, stream, new[] { new InputLogEvent(start.AddMinutes(minutes), stream) }), None);
        }

        var newestFirst = await DescribeAll(new DescribeLogStreamsRequest(group) { OrderByLastEventTime = true, Descending = true });
        Assert.Equal(new[] { "b-new", "c-mid", "a-old" }, newestFirst.Streams.Select(s => s.LogStreamName));

        var oldestFirst = await DescribeAll(new DescribeLogStreamsRequest(group) { OrderByLastEventTime = true });
        Assert.Equal(new[] { "a-old", "c-mid", "b-new" }, oldestFirst.Streams.Select(s => s.LogStreamName));
    }

    [ContractFact]
    public async Task APrefixWithOrderByLastEventTimeIsInvalid()
    {
        var group = await NewGroup("s");
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "DescribeLogStreams",
            () => LogCatalog.DescribeLogStreamsAsync(new DescribeLogStreamsRequest(group) { LogStreamNamePrefix = "s", OrderByLastEventTime = true }, None));
    }

    [ContractFact]
    public async Task StreamsOfAMissingGroupAreNotFound() =>
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "DescribeLogStreams",
            () => LogCatalog.DescribeLogStreamsAsync(new DescribeLogStreamsRequest(Unique("/contract/missing-")), None));

    private async Task<string> NewGroup(params string[] streams)
    {
        var group = Unique("/contract/streams-");
        await LogWrite.CreateLogGroupAsync(group, None);
        foreach (var stream in streams)
        {
            await LogWrite.CreateLogStreamAsync(group, stream, None);
        }
        return group;
    }

    private async Task<(List<LogStream> Streams, List<int> Pages)> DescribeAll(DescribeLogStreamsRequest request)
    {
        var streams = new List<LogStream>();
        var pages = new List<int>();
        string? token = null;
        do
        {
            var page = await LogCatalog.DescribeLogStreamsAsync(request with { NextToken = token }, None);
            streams.AddRange(page.LogStreams);
            pages.Add(page.LogStreams.Count);
            token = page.NextToken;
        }
        while (token is not null && pages.Count < 10);
        return (streams, pages);
    }
}
