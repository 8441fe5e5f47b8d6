using System.Diagnostics;
using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class LogGroupAndStreamTests : IClassFixture<EmulatorFixture>
{
    private const string JobsGroup = "/cloudwatcher/demo/jobs";
    private const string EmptyGroup = "/cloudwatcher/demo/empty";
    private const string Completer = "[CloudWatcher.PowerShell.Infrastructure.LogGroupNameCompleter]";

    private readonly EmulatorFixture _emulator;

    public LogGroupAndStreamTests(EmulatorFixture emulator) => _emulator = emulator;

    private static string Unique(string name) => $"/cwtest/{name}-{Guid.NewGuid():N}"[..(name.Length + 16)];

    private long Calls(string operation) => _emulator.Server.Stats.Count(operation);

    private string ConnectionArguments =>
        $"-Region us-east-1 -AccessKey {EmulatorFixture.AccessKey} -SecretKey {EmulatorFixture.SecretKey} -EndpointUrl {_emulator.Endpoint}";

    // ---- Get-CwLogGroup ---------------------------------------------------------------------------

    [Fact]
    public void ListsLogGroupsAsTypedObjects()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("Get-CwLogGroup");
        Assert.Empty(result.Errors);
        var groups = result.Objects<LogGroup>().ToList();
        Assert.Equal(result.Output.Count, groups.Count);
        var jobs = Assert.Single(groups, g => g.LogGroupName == JobsGroup);
        Assert.Contains(groups, g => g.LogGroupName == EmptyGroup);
        Assert.True(jobs.StoredBytes > 0);
        Assert.NotNull(jobs.CreationTime);
        Assert.StartsWith("arn:aws:logs:us-east-1:", jobs.Arn);
    }

    [Fact]
    public void WildcardSendsItsLiteralPrefixAndMatchesTheRestLocally()
    {
        var root = Unique("wild");
        foreach (var name in new[] { "app-web", "app-worker", "db", "App-upper" })
        {
            _emulator.Server.Logs.TryCreateGroup($"{root}/{name}");
        }
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"$DebugPreference = 'Continue'; Get-CwLogGroup '{root}/app-w*'");
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { $"{root}/app-web", $"{root}/app-worker" }, result.Objects<LogGroup>().Select(g => g.LogGroupName));
        Assert.Contains(result.Debug, d => d.Contains($"prefix '{root}/app-w'"));

        var middle = ps.Run($"Get-CwLogGroup '{root}/*-w?rker', '{root}/d[ab]'").Objects<LogGroup>().Select(g => g.LogGroupName);
        Assert.Equal(new[] { $"{root}/app-worker", $"{root}/db" }, middle);
    }

    [Fact]
    public void NamePrefixListsOnlyThatPrefixAndCombinesWithName()
    {
        var root = Unique("prefix");
        foreach (var name in new[] { "a/one", "a/two", "b/one" })
        {
            _emulator.Server.Logs.TryCreateGroup($"{root}/{name}");
        }
        using var ps = new HostedPowerShell(_emulator);
        Assert.Equal(new[] { $"{root}/a/one", $"{root}/a/two" },
            ps.Run($"Get-CwLogGroup -NamePrefix {root}/a/").Objects<LogGroup>().Select(g => g.LogGroupName));
        Assert.Equal(new[] { $"{root}/a/one", $"{root}/b/one" },
            ps.Run($"Get-CwLogGroup -NamePrefix {root}/ -Name '*/one'").Objects<LogGroup>().Select(g => g.LogGroupName));
        var disjoint = ps.Run($"Get-CwLogGroup -NamePrefix {root}/a/ -Name '{root}/b/*'");
        Assert.Empty(disjoint.Output);
        Assert.Empty(disjoint.Errors);
    }

    [Fact]
    public void AnExactNameThatDoesNotExistIsANonTerminatingObjectNotFoundError()
    {
        using var ps = new HostedPowerShell(_emulator);
        var missing = "/cloudwatcher/demo/nothing-here";
        var result = ps.Run($"Get-CwLogGroup {JobsGroup}, {missing}, /cloudwatcher/demo/Jobs");
        Assert.Equal(new[] { JobsGroup }, result.Objects<LogGroup>().Select(g => g.LogGroupName));
        Assert.Equal(2, result.Errors.Count);
        var error = result.Errors[0];
        Assert.Equal("LogGroupNotFound,CloudWatcher.PowerShell.Commands.GetCwLogGroupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        Assert.Contains(missing, error.Exception.Message);
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
        Assert.Equal("/cloudwatcher/demo/Jobs", result.Errors[1].TargetObject); // names are case-sensitive
    }

    [Fact]
    public void NamesBindFromThePipeline()
    {
        using var ps = new HostedPowerShell(_emulator);
        var byValue = ps.Run($"'{JobsGroup}', '{EmptyGroup}' | Get-CwLogGroup");
        Assert.Empty(byValue.Errors);
        Assert.Equal(new[] { JobsGroup, EmptyGroup }, byValue.Objects<LogGroup>().Select(g => g.LogGroupName));
        var again = ps.Run($"Get-CwLogGroup {JobsGroup} | Get-CwLogGroup").Objects<LogGroup>().Select(g => g.LogGroupName);
        Assert.Equal(new[] { JobsGroup }, again);
    }

    [Fact]
    public void FollowsEveryPageOfGroupsWithProgress()
    {
        var root = Unique("paging");
        for (var i = 0; i < 57; i++)
        {
            _emulator.Server.Logs.TryCreateGroup($"{root}/g{i:D3}");
        }
        using var ps = new HostedPowerShell(_emulator);
        var before = Calls("DescribeLogGroups");
        var result = ps.Run($"Get-CwLogGroup -NamePrefix {root}/");
        Assert.Empty(result.Errors);
        Assert.Equal(Enumerable.Range(0, 57).Select(i => $"{root}/g{i:D3}"), result.Objects<LogGroup>().Select(g => g.LogGroupName));
        Assert.Equal(2, Calls("DescribeLogGroups") - before);
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Listing CloudWatch Logs log groups" && p.RecordType == ProgressRecordType.Processing);
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Listing CloudWatch Logs log groups" && p.RecordType == ProgressRecordType.Completed);
        Assert.Single(ps.Host.Progress.Select(p => p.ActivityId).Distinct());

        var wildcard = ps.Run($"Get-CwLogGroup '{root}/g05*'").Objects<LogGroup>().Select(g => g.LogGroupName);
        Assert.Equal(Enumerable.Range(50, 7).Select(i => $"{root}/g{i:D3}"), wildcard);
    }

    [Fact]
    public void AnInvalidNameIsReportedAndTheOtherNamesStillList()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwLogGroup 'bad name*', {JobsGroup}");
        Assert.Equal(new[] { JobsGroup }, result.Objects<LogGroup>().Select(g => g.LogGroupName));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidParameter,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void LogGroupDefaultViewShowsRetentionStoredBytesClassAndCreation()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwLogGroup {JobsGroup} | Out-Host");
        var text = ps.Host.Text;
        Assert.Matches(@"Retention\s+Stored\s+Class\s+Created \(UTC\)\s+LogGroupName", text);
        Assert.Matches(@"Never\s+[\d.]+ (KiB|MiB)\s+Standard\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+/cloudwatcher/demo/jobs", text);
    }

    [Fact]
    public async Task StopEndsAGroupListingInFlightPromptly()
    {
        var slow = await CloudWatcher.Emulator.EmulatorServer.StartAsync(new CloudWatcher.Emulator.EmulatorOptions { ResponseDelay = TimeSpan.FromSeconds(60) });
        try
        {
            using var ps = new HostedPowerShell(null);
            using var pipeline = ps.Create($"Get-CwLogGroup -Region us-east-1 -AccessKey a -SecretKey b -EndpointUrl {slow.Endpoint}");
            var async = pipeline.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (slow.Stats.Total == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.True(slow.Stats.Total > 0, "the request never reached the emulator");
            var watch = Stopwatch.StartNew();
            pipeline.Stop();
            Assert.Throws<PipelineStoppedException>(() => pipeline.EndInvoke(async));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {watch.Elapsed}");
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }

    // ---- Get-CwLogStream --------------------------------------------------------------------------

    [Fact]
    public void ListsTheStreamsOfAGroupByName()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwLogStream {JobsGroup}");
        Assert.Empty(result.Errors);
        var streams = result.Objects<LogStream>().ToList();
        Assert.Equal(3, streams.Count);
        Assert.All(streams, s => Assert.Equal(JobsGroup, s.LogGroupName));
        Assert.All(streams, s => Assert.StartsWith("job-", s.LogStreamName));
        Assert.Equal(streams.Select(s => s.LogStreamName).OrderBy(n => n, StringComparer.Ordinal), streams.Select(s => s.LogStreamName));
        Assert.All(streams, s => Assert.True(s.FirstEventTime <= s.LastEventTime));
    }

    [Fact]
    public void AnUnknownGroupIsANonTerminatingResourceNotFoundErrorPerGroup()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"'/cwtest/no-such-group', '{JobsGroup}' | Get-CwLogStream");
        Assert.Equal(3, result.Objects<LogStream>().Count());
        var error = Assert.Single(result.Errors);
        Assert.Equal("ResourceNotFound,CloudWatcher.PowerShell.Commands.GetCwLogStreamCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("/cwtest/no-such-group", error.TargetObject);
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
    }

    [Fact]
    public void GroupsPipeIntoGetCwLogStream()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("Get-CwLogGroup /cloudwatcher/demo/* | Get-CwLogStream");
        Assert.Empty(result.Errors);
        var streams = result.Objects<LogStream>().ToList();
        Assert.Equal(3, streams.Count);
        Assert.All(streams, s => Assert.Equal(JobsGroup, s.LogGroupName));

        var refreshed = ps.Run($"(Get-CwLogStream {JobsGroup})[-1] | Get-CwLogStream").Objects<LogStream>().ToList();
        Assert.Equal(streams[^1].LogStreamName, Assert.Single(refreshed).LogStreamName);
    }

    [Fact]
    public void OrdersByNameOrLastEventTimeAscendingOrDescending()
    {
        var group = Unique("order");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Name order a, b, c; last-event order c, a, b.
        _emulator.Server.Logs.AppendEvents(group, "a", new[] { (now - 60_000, "a") });
        _emulator.Server.Logs.AppendEvents(group, "b", new[] { (now - 30_000, "b") });
        _emulator.Server.Logs.AppendEvents(group, "c", new[] { (now - 90_000, "c") });
        using var ps = new HostedPowerShell(_emulator);
        string[] Names(string arguments)
        {
            var result = ps.Run($"Get-CwLogStream {group} {arguments}");
            Assert.Empty(result.Errors);
            return result.Objects<LogStream>().Select(s => s.LogStreamName).ToArray();
        }
        Assert.Equal(new[] { "a", "b", "c" }, Names(""));
        Assert.Equal(new[] { "c", "b", "a" }, Names("-Descending"));
        Assert.Equal(new[] { "c", "a", "b" }, Names("-OrderBy LastEventTime"));
        Assert.Equal(new[] { "b", "a", "c" }, Names("-OrderBy LastEventTime -Descending"));
        Assert.Equal(new[] { "b" }, Names("-OrderBy LastEventTime -Descending -First 1"));
        Assert.Equal(new[] { "c", "a" }, Names("-OrderBy LastEventTime -Name a, c"));
    }

    [Fact]
    public void NamePrefixWithLastEventTimeOrderIsRefusedBeforeAnythingIsSent()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = Calls("DescribeLogStreams");
        var error = ps.RunExpectingTerminatingError($"Get-CwLogStream {JobsGroup} -NamePrefix job- -OrderBy LastEventTime");
        Assert.StartsWith("InvalidStreamOrder,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("prefix", error.Exception.Message);
        Assert.Equal(before, Calls("DescribeLogStreams"));
    }

    [Fact]
    public void StreamNamesTakeWildcardsAndMissingExactNamesAreReported()
    {
        using var ps = new HostedPowerShell(_emulator);
        var all = ps.Run($"Get-CwLogStream {JobsGroup}").Objects<LogStream>().Select(s => s.LogStreamName).ToList();
        var result = ps.Run($"Get-CwLogStream {JobsGroup} -Name 'job-*', '{all[0]}', 'job-1999-01-01'");
        Assert.Equal(all, result.Objects<LogStream>().Select(s => s.LogStreamName));
        var error = Assert.Single(result.Errors);
        Assert.Equal("LogStreamNotFound,CloudWatcher.PowerShell.Commands.GetCwLogStreamCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("job-1999-01-01", error.TargetObject);

        Assert.Equal(all, ps.Run($"Get-CwLogStream {JobsGroup} -NamePrefix job-").Objects<LogStream>().Select(s => s.LogStreamName));
        Assert.Empty(ps.Run($"Get-CwLogStream {JobsGroup} -NamePrefix nope").Output);
    }

    [Fact]
    public void FollowsEveryPageOfStreamsAndFirstStopsEarly()
    {
        var group = Unique("streams");
        var g = _emulator.Server.Logs.TryCreateGroup(group)!;
        for (var i = 0; i < 120; i++)
        {
            g.TryCreateStream($"s{i:D3}", _emulator.Server.Logs.NowMs);
        }
        using var ps = new HostedPowerShell(_emulator);
        var before = Calls("DescribeLogStreams");
        var result = ps.Run($"Get-CwLogStream {group}");
        Assert.Empty(result.Errors);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"s{i:D3}"), result.Objects<LogStream>().Select(s => s.LogStreamName));
        Assert.Equal(3, Calls("DescribeLogStreams") - before);
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Listing CloudWatch Logs log streams" && p.RecordType == ProgressRecordType.Completed);

        before = Calls("DescribeLogStreams");
        var first = ps.Run($"Get-CwLogStream {group} -Descending -First 5").Objects<LogStream>().Select(s => s.LogStreamName);
        Assert.Equal(new[] { "s119", "s118", "s117", "s116", "s115" }, first);
        Assert.Equal(1, Calls("DescribeLogStreams") - before);

        before = Calls("DescribeLogStreams");
        var filtered = ps.Run($"Get-CwLogStream {group} -Name 's1*' -First 60").Objects<LogStream>().Select(s => s.LogStreamName).ToList();
        Assert.Equal(Enumerable.Range(100, 20).Select(i => $"s{i:D3}"), filtered);
        Assert.Equal(1, Calls("DescribeLogStreams") - before); // the prefix 's1' narrows the listing to one page
    }

    [Fact]
    public void LogStreamDefaultViewShowsEventTimes()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwLogStream {JobsGroup} | Out-Host");
        var text = ps.Host.Text;
        Assert.Contains(JobsGroup, text);
        Assert.Matches(@"LastEvent \(UTC\)\s+FirstEvent \(UTC\)\s+LogStreamName", text);
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+job-\d{4}-\d\d-\d\d", text);
    }

    // ---- engine: LogCatalog ------------------------------------------------------------------------

    [Fact]
    public void CoveringPrefixesDropsExtensionsAndAnEmptyPrefixCoversAll()
    {
        Assert.Equal(new[] { "/a/", "/b" }, CloudWatcher.Text.NameSelection.CoveringPrefixes(new[] { "/b", "/a/x", "/a/", "/bc", "/a/" }));
        Assert.Equal(new string?[] { null }, CloudWatcher.Text.NameSelection.CoveringPrefixes(new[] { "/a", "" }));
    }

    [Fact]
    public void LogCatalogRefusesWhatTheServiceWouldRefuseBeforeSending()
    {
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var catalog = new CloudWatcher.Logs.LogCatalog(session.LogCatalog);
        var before = _emulator.Server.Stats.Total;
        var order = Assert.Throws<CloudWatcherException>(() => catalog.ListStreams(
            new CloudWatcher.Logs.LogStreamQuery(JobsGroup) { NamePrefix = "job-", OrderByLastEventTime = true }, new CloudWatcher.Text.NameSelection(null, "job-")));
        Assert.Contains("last event time", order.Message);
        Assert.Equal("InvalidStreamOrder", order.ErrorId);
        Assert.Equal("InvalidNamePrefix", Assert.Throws<CloudWatcherException>(() => catalog.ListGroupPagesAsync("", null, CancellationToken.None)).ErrorId);
        Assert.Equal("InvalidPageSize", Assert.Throws<CloudWatcherException>(() => catalog.ListGroupPagesAsync(null, 51, CancellationToken.None)).ErrorId);
        Assert.Equal(before, _emulator.Server.Stats.Total);
    }

    // ---- completion -------------------------------------------------------------------------------

    private RunResult Complete(HostedPowerShell ps, string word, string? endpoint = null) => ps.Run(
        $"{Completer}::new().CompleteArgument('Get-CwLogStream', 'LogGroupName', $word, $null, $bound)",
        ("word", word),
        ("bound", new System.Collections.Hashtable
        {
            ["Region"] = "us-east-1",
            ["AccessKey"] = EmulatorFixture.AccessKey,
            ["SecretKey"] = EmulatorFixture.SecretKey,
            ["EndpointUrl"] = endpoint ?? _emulator.Endpoint.ToString(),
        }));

    [Fact]
    public void CompleterListsOnceAndFiltersLongerWordsFromTheCache()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"{Completer}::ClearCache()");
        var before = Calls("DescribeLogGroups");
        var first = Complete(ps, "/cloudwatcher/d").Objects<CompletionResult>().Select(c => c.CompletionText).ToList();
        Assert.Equal(new[] { EmptyGroup, JobsGroup }, first);
        Assert.Equal(1, Calls("DescribeLogGroups") - before);

        var longer = Complete(ps, "/cloudwatcher/demo/j").Objects<CompletionResult>().ToList();
        Assert.Equal(JobsGroup, Assert.Single(longer).CompletionText);
        Assert.Equal(CompletionResultType.ParameterValue, longer[0].ResultType);
        Assert.Contains("retention", longer[0].ToolTip);
        Assert.Empty(Complete(ps, "/cloudwatcher/demo/x").Output);
        Assert.Equal(new[] { JobsGroup }, Complete(ps, "/cloudwatcher/d*/j").Objects<CompletionResult>().Select(c => c.CompletionText));
        Assert.Equal(1, Calls("DescribeLogGroups") - before);

        // A word outside the cached prefix is a new listing; the same word again is not.
        Complete(ps, "/cwtest/");
        Complete(ps, "/cwtest/");
        Assert.Equal(2, Calls("DescribeLogGroups") - before);

        ps.Run($"{Completer}::ClearCache()");
        Complete(ps, "/cloudwatcher/demo/j");
        Assert.Equal(3, Calls("DescribeLogGroups") - before);
    }

    [Fact]
    public void CompleterQuotesNamesThatNeedItAndKeepsTheUsersQuote()
    {
        var hashed = "#" + Unique("hash")[1..].Replace('/', '-');
        _emulator.Server.Logs.TryCreateGroup(hashed);
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"{Completer}::ClearCache()");
        var bare = Assert.Single(Complete(ps, hashed[..8]).Objects<CompletionResult>(), c => c.ListItemText == hashed);
        Assert.Equal($"'{hashed}'", bare.CompletionText);
        Assert.Equal($"'{JobsGroup}'", Assert.Single(Complete(ps, "'/cloudwatcher/demo/j").Objects<CompletionResult>()).CompletionText);
        Assert.Equal($"\"{JobsGroup}\"", Assert.Single(Complete(ps, "\"/cloudwatcher/demo/j").Objects<CompletionResult>()).CompletionText);
    }

    [Fact]
    public void CompleterUsesTheConnectionParametersOnTheCommandLine()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        ps.Run($"{Completer}::ClearCache()");
        foreach (var command in new[] { "Get-CwLogStream", "Get-CwLogGroup" })
        {
            var input = $"{command} {ConnectionArguments} /cloudwatcher/demo/j";
            var result = ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", ("s", input));
            Assert.Equal(JobsGroup, Assert.Single(result.Objects<CompletionResult>()).CompletionText);
        }
    }

    [Fact]
    public async Task CompleterNeverThrowsAndGivesUpQuickly()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        ps.Run($"{Completer}::ClearCache()");
        // No region or credentials anywhere: nothing, at once.
        var nothing = ps.Run($"{Completer}::new().CompleteArgument('Get-CwLogGroup', 'Name', '/x', $null, @{{}})");
        Assert.Empty(nothing.Output);
        Assert.Empty(nothing.Errors);

        var slow = await CloudWatcher.Emulator.EmulatorServer.StartAsync(new CloudWatcher.Emulator.EmulatorOptions { ResponseDelay = TimeSpan.FromSeconds(30) });
        try
        {
            var watch = Stopwatch.StartNew();
            var result = Complete(ps, "/cloudwatcher/", slow.Endpoint.ToString());
            Assert.Empty(result.Output);
            Assert.Empty(result.Errors);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"completion took {watch.Elapsed}");
            var sent = slow.Stats.Total;
            Assert.True(sent > 0);
            // The failure is remembered: the next keystroke does not wait or send again.
            watch.Restart();
            Assert.Empty(Complete(ps, "/cloudwatcher/d", slow.Endpoint.ToString()).Output);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"second completion took {watch.Elapsed}");
            Assert.Equal(sent, slow.Stats.Total);
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }
}
