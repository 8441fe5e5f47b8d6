using System.Text;
using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>
/// The lifecycle of log groups and streams as CloudWatch Logs answers it: DeleteLogGroup, DeleteLogStream,
/// PutRetentionPolicy / DeleteRetentionPolicy (and events past the retention), tags (CreateLogGroup, TagResource,
/// ListTagsForResource) and the class a group is created with.
/// </summary>
public abstract class LogGroupLifecycleContract : PortContract
{
    protected LogGroupLifecycleContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task ADeletedGroupIsGoneWithItsStreamsAndReadsAreNotFound()
    {
        var group = await NewGroup("s");
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[] { new InputLogEvent(Now.AddMinutes(-1), "x") }), None);

        await LogGroupAdmin.DeleteLogGroupAsync(group, None);

        Assert.Null(await Describe(group));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "GetLogEvents",
            () => LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "DescribeLogStreams",
            () => LogCatalog.DescribeLogStreamsAsync(new DescribeLogStreamsRequest(group), None));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "DeleteLogGroup", () => LogGroupAdmin.DeleteLogGroupAsync(group, None));
    }

    [ContractFact]
    public async Task ADeletedGroupNameCanBeCreatedAgainEmpty()
    {
        var group = await NewGroup("s");
        await LogGroupAdmin.DeleteLogGroupAsync(group, None);
        await LogWrite.CreateLogGroupAsync(group, None);
        Assert.Empty((await LogCatalog.DescribeLogStreamsAsync(new DescribeLogStreamsRequest(group), None)).LogStreams);
    }

    [ContractFact]
    public async Task ADeletedStreamIsGoneAndTheGroupKeepsItsOtherStreams()
    {
        var group = await NewGroup("a", "b");
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "a", new[] { new InputLogEvent(Now.AddMinutes(-1), "in a") }), None);

        await LogGroupAdmin.DeleteLogStreamAsync(group, "a", None);

        Assert.Equal(new[] { "b" }, (await LogCatalog.DescribeLogStreamsAsync(new DescribeLogStreamsRequest(group), None)).LogStreams.Select(s => s.LogStreamName));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "GetLogEvents",
            () => LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "a"), None));
        Assert.Empty((await LogRead.FilterLogEventsAsync(new FilterLogEventsRequest(group), None)).Events);
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "DeleteLogStream", () => LogGroupAdmin.DeleteLogStreamAsync(group, "a", None));
    }

    [ContractFact]
    public async Task DeletingAStreamOfAMissingGroupIsNotFound() =>
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "DeleteLogStream",
            () => LogGroupAdmin.DeleteLogStreamAsync(Unique("/contract/missing-"), "s", None));

    [ContractFact]
    public async Task RetentionIsDescribedUntilItIsDeleted()
    {
        var group = await NewGroup();
        Assert.Null((await Describe(group))!.RetentionInDays);

        await LogGroupAdmin.PutRetentionPolicyAsync(group, 30, None);
        Assert.Equal(30, (await Describe(group))!.RetentionInDays);
        await LogGroupAdmin.PutRetentionPolicyAsync(group, 3653, None);
        Assert.Equal(3653, (await Describe(group))!.RetentionInDays);

        await LogGroupAdmin.DeleteRetentionPolicyAsync(group, None);
        Assert.Null((await Describe(group))!.RetentionInDays);
    }

    [ContractTheory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(3654)]
    public async Task ARetentionOutsideTheAllowedDaysIsInvalid(int days)
    {
        var group = await NewGroup();
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutRetentionPolicy", () => LogGroupAdmin.PutRetentionPolicyAsync(group, days, None));
        Assert.Null((await Describe(group))!.RetentionInDays);
    }

    [ContractFact]
    public async Task RetentionOfAMissingGroupIsNotFound()
    {
        var group = Unique("/contract/missing-");
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "PutRetentionPolicy", () => LogGroupAdmin.PutRetentionPolicyAsync(group, 7, None));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "DeleteRetentionPolicy", () => LogGroupAdmin.DeleteRetentionPolicyAsync(group, None));
    }

    [ContractFact]
    public async Task EventsOlderThanTheRetentionAreGoneFromReadsAndStoredBytes()
    {
        var group = await NewGroup("s");
        var old = new[] { new InputLogEvent(Now.AddDays(-3), "old ✓ 0"), new InputLogEvent(Now.AddDays(-3).AddSeconds(1), "old 1") };
        var recent = new[] { new InputLogEvent(Now.AddMinutes(-5), "recent ✓") };
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", old), None);
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", recent), None);
        Assert.Equal(3, (await ReadAll(group)).Count);

        await LogGroupAdmin.PutRetentionPolicyAsync(group, 1, None);

        Assert.Equal(new[] { "recent ✓" }, (await ReadAll(group)).Select(e => e.Message));
        Assert.Equal(new[] { "recent ✓" }, (await LogRead.FilterLogEventsAsync(new FilterLogEventsRequest(group), None)).Events.Select(e => e.Message));
        Assert.Equal(Encoding.UTF8.GetByteCount("recent ✓"), (await Describe(group))!.StoredBytes);
    }

    [ContractFact]
    public async Task EventsBeforeTheRetentionArePutAsExpiredByIndexAndNotStored()
    {
        var group = await NewGroup("s");
        await LogGroupAdmin.PutRetentionPolicyAsync(group, 1, None);
        var start = Now.AddHours(-25);

        var result = await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[]
        {
            new InputLogEvent(start, "expired 0"),
            new InputLogEvent(start.AddSeconds(1), "expired 1"),
            new InputLogEvent(start.AddHours(24).AddMinutes(-1), "kept"),
        }), None);

        Assert.Equal(1, result.ExpiredLogEventEndIndex);
        Assert.Null(result.TooOldLogEventEndIndex);
        Assert.Null(result.TooNewLogEventStartIndex);
        Assert.Equal(new[] { "kept" }, (await ReadAll(group)).Select(e => e.Message));
    }

    [ContractFact]
    public async Task TagsGivenAtCreationAndByTagResourceAreListedByTheGroupArn()
    {
        var group = Unique("/contract/tags-");
        await LogWrite.CreateLogGroupAsync(new CreateLogGroupRequest(group)
        {
            Tags = new Dictionary<string, string> { ["team"] = "core", ["env"] = "dev" },
        }, None);
        var arn = TagArn((await Describe(group))!);
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev", ["team"] = "core" }, await LogGroupAdmin.ListTagsForResourceAsync(arn, None));

        await LogGroupAdmin.TagResourceAsync(arn, new Dictionary<string, string> { ["env"] = "prod", ["cost-center"] = "42" }, None);

        Assert.Equal(new Dictionary<string, string> { ["cost-center"] = "42", ["env"] = "prod", ["team"] = "core" },
            await LogGroupAdmin.ListTagsForResourceAsync(arn, None));
    }

    [ContractFact]
    public async Task AGroupWithoutTagsListsNone()
    {
        var group = await NewGroup();
        Assert.Empty(await LogGroupAdmin.ListTagsForResourceAsync(TagArn((await Describe(group))!), None));
    }

    [ContractFact]
    public async Task TagsOfAMissingGroupAreNotFound()
    {
        var group = await NewGroup();
        var missing = TagArn((await Describe(group))!) + "-missing";
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "TagResource",
            () => LogGroupAdmin.TagResourceAsync(missing, new Dictionary<string, string> { ["k"] = "v" }, None));
        await Fails(ErrorKind.NotFound, "ResourceNotFoundException", "ListTagsForResource", () => LogGroupAdmin.ListTagsForResourceAsync(missing, None));
    }

    [ContractFact]
    public async Task TheClassAGroupIsCreatedWithIsDescribedAndStandardIsTheDefault()
    {
        var infrequent = Unique("/contract/class-");
        await LogWrite.CreateLogGroupAsync(new CreateLogGroupRequest(infrequent) { LogGroupClass = LogGroupClass.InfrequentAccess }, None);
        var standard = await NewGroup();

        Assert.Equal(LogGroupClass.InfrequentAccess, (await Describe(infrequent))!.LogGroupClass);
        Assert.Equal(LogGroupClass.Standard, (await Describe(standard))!.LogGroupClass);
    }

    /// <summary>A new group with these streams; returns its name.</summary>
    private async Task<string> NewGroup(params string[] streams)
    {
        var group = Unique("/contract/lifecycle-");
        await LogWrite.CreateLogGroupAsync(group, None);
        foreach (var stream in streams)
        {
            await LogWrite.CreateLogStreamAsync(group, stream, None);
        }
        return group;
    }

    /// <summary>The group of that exact name as DescribeLogGroups gives it, or null.</summary>
    private async Task<LogGroup?> Describe(string group) =>
        (await LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = group }, None)).LogGroups
            .SingleOrDefault(g => g.LogGroupName == group);

    /// <summary>Stream "s" of a group from its head.</summary>
    private async Task<IReadOnlyList<LogEvent>> ReadAll(string group) =>
        (await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None)).Events;

    /// <summary>The ARN TagResource takes: without the ":*" that some answers add.</summary>
    private static string TagArn(LogGroup group) => group.Arn!.EndsWith(":*", StringComparison.Ordinal) ? group.Arn[..^2] : group.Arn;
}
