using CloudWatcher.Logs;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

public sealed class LogGroupLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeLogsApi _api = new();
    private readonly RecordingSink _sink = new();
    private readonly CountingLogsApi _calls;
    private readonly LogGroupLifecycle _lifecycle;

    public LogGroupLifecycleTests()
    {
        _calls = new CountingLogsApi(_api);
        _lifecycle = new LogGroupLifecycle(_calls, _calls, _calls, _sink);
    }

    [Fact]
    public async Task ACreatedGroupComesBackAsDescribedWithRetentionClassAndTags()
    {
        var group = await _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/orders")
        {
            RetentionInDays = 30,
            LogGroupClass = LogGroupClass.InfrequentAccess,
            KmsKeyId = "arn:aws:kms:us-east-1:123456789012:key/1234",
            Tags = new Dictionary<string, string> { ["team"] = "orders", ["env"] = "dev" },
        }, None);

        Assert.Equal("/app/orders", group.LogGroupName);
        Assert.Equal(30, group.RetentionInDays);
        Assert.Equal(LogGroupClass.InfrequentAccess, group.LogGroupClass);
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/1234", group.KmsKeyId);
        Assert.Equal(new[] { "env", "team" }, group.Tags!.Keys);
        Assert.Equal("env=dev; team=orders", group.Tags.ToString());
        Assert.Equal(new[] { "CreateLogGroup", "PutRetentionPolicy", "DescribeLogGroups", "ListTagsForResource" }, _calls.Calls);
    }

    [Fact]
    public async Task WithoutRetentionNoPolicyIsPutAndTheGroupHasNoTags()
    {
        var group = await _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/plain"), None);
        Assert.Null(group.RetentionInDays);
        Assert.Equal(LogGroupClass.Standard, group.LogGroupClass);
        Assert.Empty(group.Tags!);
        Assert.DoesNotContain("PutRetentionPolicy", _calls.Calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(10_000)]
    public async Task ARetentionOutsideTheAllowedDaysIsRefusedBeforeAnythingIsSent(int days)
    {
        var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/x") { RetentionInDays = days }, None));
        Assert.Equal("InvalidRetention", ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653", ex.Message);
        Assert.Empty(_calls.Calls);

        await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.UpdateGroupAsync(new LogGroupUpdate("/app/x") { RetentionInDays = days }, false, None));
        Assert.Empty(_calls.Calls);
    }

    [Fact]
    public async Task CreatingAGroupThatExistsIsTheServicesAlreadyExists()
    {
        await _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/dup"), None);
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/dup") { RetentionInDays = 7 }, None));
        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
        Assert.Equal("ResourceAlreadyExists", ex.ErrorId);
        Assert.Null(_api.RetentionOf("/app/dup"));
    }

    [Fact]
    public async Task AGroupCreatedWhoseRetentionFailsSaysSoAndHowToSetIt()
    {
        _calls.FailRetention = new CloudWatcherServiceException("CloudWatch Logs", "PutRetentionPolicy", "AccessDeniedException", ErrorKind.AccessDenied, 400, null, "denied");
        var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/half") { RetentionInDays = 14 }, None));
        Assert.Equal("RetentionNotSet", ex.ErrorId);
        Assert.Equal(ErrorKind.AccessDenied, ex.Kind);
        Assert.Contains("was created", ex.Message);
        Assert.Contains("Set-CwLogGroup -LogGroupName '/app/half' -RetentionInDays 14", ex.RecommendedAction);
        Assert.True(_api.HasGroup("/app/half"));
    }

    [Fact]
    public async Task TheExactGroupIsReadBackAmongGroupsSharingItsPrefix()
    {
        foreach (var name in new[] { "/app/b-c", "/app/b/c", "/app/ba" })
        {
            await _api.CreateLogGroupAsync(name, None);
        }
        await _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/b") { RetentionInDays = 1 }, None);
        var group = await _lifecycle.ReadGroupAsync("/app/b", includeTags: false, None);
        Assert.Equal("/app/b", group.LogGroupName);
        Assert.Equal(1, group.RetentionInDays);
        Assert.Null(group.Tags);
    }

    [Fact]
    public async Task ReadingAMissingGroupIsResourceNotFound()
    {
        await _api.CreateLogGroupAsync("/app/b-c", None);
        var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.ReadGroupAsync("/app/b", includeTags: true, None));
        Assert.Equal("ResourceNotFound", ex.ErrorId);
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal("/app/b", ex.Target);
    }

    [Fact]
    public async Task TagsThatCannotBeReadLeaveTheGroupWithoutThemAndAWarning()
    {
        _calls.FailListTags = new CloudWatcherServiceException("CloudWatch Logs", "ListTagsForResource", "AccessDeniedException", ErrorKind.AccessDenied, 400, null, "denied");
        var group = await _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/t") { Tags = new Dictionary<string, string> { ["a"] = "b" } }, None);
        Assert.Null(group.Tags);
        Assert.Contains(_sink.Warnings, w => w.Contains("tags of '/app/t' could not be read", StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b" }, _api.TagsOf("/app/t"));
    }

    [Fact]
    public async Task AnUpdateSetsOrRemovesRetentionAndMergesTags()
    {
        await _lifecycle.CreateGroupAsync(new LogGroupSpec("/app/u") { Tags = new Dictionary<string, string> { ["team"] = "a", ["env"] = "dev" } }, None);

        Assert.Null(await _lifecycle.UpdateGroupAsync(new LogGroupUpdate("/app/u") { RetentionInDays = 90 }, readBack: false, None));
        Assert.Equal(90, _api.RetentionOf("/app/u"));

        var updated = await _lifecycle.UpdateGroupAsync(new LogGroupUpdate("/app/u")
        {
            RemoveRetention = true,
            Tags = new Dictionary<string, string> { ["env"] = "prod", ["owner"] = "me" },
        }, readBack: true, None);
        Assert.Null(updated!.RetentionInDays);
        Assert.Equal("env=prod; owner=me; team=a", updated.Tags!.ToString());
        Assert.Null(_api.RetentionOf("/app/u"));
    }

    [Fact]
    public async Task TaggingAMissingGroupIsNotFoundBeforeAnyChange()
    {
        _calls.Calls.Clear();
        var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.UpdateGroupAsync(
            new LogGroupUpdate("/app/none") { RetentionInDays = 7, Tags = new Dictionary<string, string> { ["a"] = "b" } }, false, None));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal(new[] { "DescribeLogGroups" }, _calls.Calls);
    }

    [Fact]
    public async Task RetentionOfAMissingGroupIsTheServicesNotFound()
    {
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => _lifecycle.UpdateGroupAsync(new LogGroupUpdate("/app/none") { RetentionInDays = 7 }, false, None));
        Assert.Equal("ResourceNotFound", ex.ErrorId);
    }

    [Fact]
    public async Task AnUpdateThatChangesNothingOrBothWaysIsRefused()
    {
        var nothing = await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.UpdateGroupAsync(new LogGroupUpdate("/app/x"), false, None));
        Assert.Equal("NothingToChange", nothing.ErrorId);
        var both = await Assert.ThrowsAsync<CloudWatcherException>(() => _lifecycle.UpdateGroupAsync(new LogGroupUpdate("/app/x") { RetentionInDays = 7, RemoveRetention = true }, false, None));
        Assert.Equal("ConflictingRetention", both.ErrorId);
        Assert.Empty(_calls.Calls);
    }

    [Fact]
    public async Task GroupsAndStreamsAreDeleted()
    {
        _api.Append("/app/d", "keep", DateTime.UtcNow.AddMinutes(-5), 1);
        _api.Append("/app/d", "drop", DateTime.UtcNow.AddMinutes(-5), 1);
        await _lifecycle.DeleteStreamAsync("/app/d", "drop", None);
        Assert.False(_api.HasStream("/app/d", "drop"));
        Assert.True(_api.HasStream("/app/d", "keep"));
        await _lifecycle.DeleteGroupAsync("/app/d", None);
        Assert.False(_api.HasGroup("/app/d"));
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => _lifecycle.DeleteGroupAsync("/app/d", None));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task ACreatedStreamComesBackAsDescribedAmongStreamsSharingItsPrefix()
    {
        _api.Append("/app/s", "run-10", DateTime.UtcNow.AddMinutes(-5), 1);
        var before = DateTime.UtcNow.AddSeconds(-1);
        var stream = await _lifecycle.CreateStreamAsync("/app/s", "run-1", None);
        Assert.Equal("/app/s", stream.LogGroupName);
        Assert.Equal("run-1", stream.LogStreamName);
        Assert.InRange(stream.CreationTime!.Value, before, DateTime.UtcNow);
        Assert.Null(stream.LastEventTime);
    }

    [Fact]
    public async Task ExactNamesResolveWithoutACallAndWildcardsThroughTheListingInOrder()
    {
        foreach (var name in new[] { "/tmp/a", "/tmp/b", "/tmp/c", "/keep/x" })
        {
            await _api.CreateLogGroupAsync(name, None);
        }
        _calls.Calls.Clear();

        var exact = await Collect(_lifecycle.ResolveGroupNamesAsync(new[] { "/nowhere", "/keep/x" }, None));
        Assert.Equal(new[] { "/nowhere", "/keep/x" }, exact);
        Assert.Empty(_calls.Calls);

        var resolved = await Collect(_lifecycle.ResolveGroupNamesAsync(new[] { "/keep/x", "/tmp/[ab]", "/none/*" }, None));
        Assert.Equal(new[] { "/keep/x", "/tmp/a", "/tmp/b" }, resolved);
        Assert.Contains(_sink.VerboseMessages, m => m.Contains("'/none/*' matches 0 log group(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StreamWildcardsResolveThroughTheGroupsStreams()
    {
        foreach (var stream in new[] { "run-1", "run-2", "keep" })
        {
            _api.Append("/app/r", stream, DateTime.UtcNow.AddMinutes(-5), 1);
        }
        Assert.Equal(new[] { "run-1", "run-2", "gone" }, await Collect(_lifecycle.ResolveStreamNamesAsync("/app/r", new[] { "run-*", "gone" }, None)));
    }

    [Fact]
    public void RetentionValuesReadAsPeriods()
    {
        Assert.Equal(22, LogRetention.AllowedDays.Count);
        Assert.Equal("1 day", LogRetention.Describe(1));
        Assert.Equal("5 days", LogRetention.Describe(5));
        Assert.Equal("1 month", LogRetention.Describe(30));
        Assert.Equal("6 months", LogRetention.Describe(180));
        Assert.Equal("1 year", LogRetention.Describe(365));
        Assert.Equal("5 years", LogRetention.Describe(1827));
        Assert.Equal("10 years", LogRetention.Describe(3653));
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> names)
    {
        var list = new List<string>();
        await foreach (var name in names)
        {
            list.Add(name);
        }
        return list;
    }

    /// <summary>The fake behind a recorder of the operations called, with a failure to inject per operation.</summary>
    private sealed class CountingLogsApi(FakeLogsApi inner) : ILogWriteApi, ILogGroupAdminApi, ILogCatalogApi
    {
        public List<string> Calls { get; } = new();

        public Exception? FailRetention { get; set; }

        public Exception? FailListTags { get; set; }

        public Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken) =>
            Record("CreateLogGroup", () => inner.CreateLogGroupAsync(request, cancellationToken));

        public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken) =>
            Record("CreateLogStream", () => inner.CreateLogStreamAsync(logGroupName, logStreamName, cancellationToken));

        public Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken) =>
            Record("PutLogEvents", () => inner.PutLogEventsAsync(request, cancellationToken));

        public Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken) =>
            Record("DeleteLogGroup", () => inner.DeleteLogGroupAsync(logGroupName, cancellationToken));

        public Task DeleteLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken) =>
            Record("DeleteLogStream", () => inner.DeleteLogStreamAsync(logGroupName, logStreamName, cancellationToken));

        public Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken) =>
            Record("PutRetentionPolicy", () => FailRetention is { } f ? throw f : inner.PutRetentionPolicyAsync(logGroupName, retentionInDays, cancellationToken));

        public Task DeleteRetentionPolicyAsync(string logGroupName, CancellationToken cancellationToken) =>
            Record("DeleteRetentionPolicy", () => inner.DeleteRetentionPolicyAsync(logGroupName, cancellationToken));

        public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
            Record("TagResource", () => inner.TagResourceAsync(resourceArn, tags, cancellationToken));

        public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken) =>
            Record("ListTagsForResource", () => FailListTags is { } f ? throw f : inner.ListTagsForResourceAsync(resourceArn, cancellationToken));

        public Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken) =>
            Record("DescribeLogGroups", () => inner.DescribeLogGroupsAsync(request, cancellationToken));

        public Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken) =>
            Record("DescribeLogStreams", () => inner.DescribeLogStreamsAsync(request, cancellationToken));

        private T Record<T>(string operation, Func<T> call)
        {
            Calls.Add(operation);
            return call();
        }
    }
}
