using System.Runtime.CompilerServices;
using CloudWatcher.Common;
using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Text;

namespace CloudWatcher.Logs;

/// <summary>
/// Creating, changing and deleting log groups and streams, each as one step for the caller however many calls it
/// takes: a group is created with its tags, class and key, then its retention is set, then it is read back
/// (DescribeLogGroups, ListTagsForResource) so the caller sees what the service holds; a change of retention and tags
/// finds the group's ARN first. Retention is checked against the allowed day counts before anything is sent. Names
/// with wildcards resolve through the listing (<see cref="LogCatalog"/>); exact names are used as given, so a missing
/// one fails with the service's NotFound.
/// </summary>
public sealed class LogGroupLifecycle
{
    private readonly ILogWriteApi _write;
    private readonly ILogGroupAdminApi _admin;
    private readonly ILogCatalogApi _catalog;
    private readonly IEngineSink _sink;

    public LogGroupLifecycle(ILogWriteApi write, ILogGroupAdminApi admin, ILogCatalogApi catalog, IEngineSink? sink = null)
    {
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _sink = sink ?? NullSink.Instance;
    }

    /// <summary>Creates a group as <paramref name="spec"/> says and returns it as the service then describes it, with its tags.</summary>
    public async Task<LogGroup> CreateGroupAsync(LogGroupSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.RetentionInDays is int days)
        {
            LogRetention.Validate(days);
        }
        var request = new CreateLogGroupRequest(spec.LogGroupName)
        {
            KmsKeyId = spec.KmsKeyId,
            Tags = spec.Tags is { Count: > 0 } tags ? tags : null,
            LogGroupClass = spec.LogGroupClass,
        };
        _sink.Verbose($"CreateLogGroup '{spec.LogGroupName}'.");
        await _write.CreateLogGroupAsync(request, cancellationToken).ConfigureAwait(false);
        if (spec.RetentionInDays is int retention)
        {
            try
            {
                await _admin.PutRetentionPolicyAsync(spec.LogGroupName, retention, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudWatcherServiceException ex)
            {
                throw new CloudWatcherException("RetentionNotSet", ex.Kind,
                    $"The log group '{spec.LogGroupName}' was created, but its retention could not be set: {ex.Message}", spec.LogGroupName, ex)
                {
                    RecommendedAction = $"Set it with: Set-CwLogGroup -LogGroupName '{spec.LogGroupName}' -RetentionInDays {retention}",
                };
            }
        }
        return await ReadGroupAsync(spec.LogGroupName, includeTags: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets or removes the retention of a group and adds tags, in that order; returns the group as it then is when
    /// <paramref name="readBack"/> (otherwise null). A group that does not exist fails with NotFound.
    /// </summary>
    public async Task<LogGroup?> UpdateGroupAsync(LogGroupUpdate update, bool readBack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.RetentionInDays is not null && update.RemoveRetention)
        {
            throw new CloudWatcherException("ConflictingRetention", ErrorKind.InvalidInput,
                "A retention period and removing the retention cannot be asked for together; choose one.", update.LogGroupName);
        }
        if (update.RetentionInDays is int days)
        {
            LogRetention.Validate(days);
        }
        var hasTags = update.Tags is { Count: > 0 };
        if (update.RetentionInDays is null && !update.RemoveRetention && !hasTags)
        {
            throw new CloudWatcherException("NothingToChange", ErrorKind.InvalidInput,
                "Nothing to change: give a retention, ask to remove it, or give tags.", update.LogGroupName);
        }
        // TagResource names the group by ARN: describe it first (which also finds a missing group before any change).
        var arn = hasTags ? TagArn(await ReadGroupAsync(update.LogGroupName, includeTags: false, cancellationToken).ConfigureAwait(false)) : null;
        if (update.RetentionInDays is int retention)
        {
            _sink.Verbose($"PutRetentionPolicy '{update.LogGroupName}': {retention} days.");
            await _admin.PutRetentionPolicyAsync(update.LogGroupName, retention, cancellationToken).ConfigureAwait(false);
        }
        else if (update.RemoveRetention)
        {
            _sink.Verbose($"DeleteRetentionPolicy '{update.LogGroupName}'.");
            await _admin.DeleteRetentionPolicyAsync(update.LogGroupName, cancellationToken).ConfigureAwait(false);
        }
        if (arn is not null)
        {
            _sink.Verbose($"TagResource '{arn}': {string.Join(", ", update.Tags!.Keys)}.");
            await _admin.TagResourceAsync(arn, update.Tags!, cancellationToken).ConfigureAwait(false);
        }
        return readBack ? await ReadGroupAsync(update.LogGroupName, includeTags: true, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Deletes a group with all its streams and events.</summary>
    public Task DeleteGroupAsync(string logGroupName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        _sink.Verbose($"DeleteLogGroup '{logGroupName}'.");
        return _admin.DeleteLogGroupAsync(logGroupName, cancellationToken);
    }

    /// <summary>Creates a stream and returns it as the service then describes it.</summary>
    public async Task<LogStream> CreateStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        ArgumentException.ThrowIfNullOrEmpty(logStreamName);
        _sink.Verbose($"CreateLogStream '{logGroupName}' '{logStreamName}'.");
        await _write.CreateLogStreamAsync(logGroupName, logStreamName, cancellationToken).ConfigureAwait(false);
        var request = new DescribeLogStreamsRequest(logGroupName) { LogStreamNamePrefix = logStreamName };
        await foreach (var page in Common.Paging.FollowAsync((token, ct) => _catalog.DescribeLogStreamsAsync(request with { NextToken = token }, ct),
                           p => p.NextToken, cancellationToken).ConfigureAwait(false))
        {
            if (page.LogStreams.FirstOrDefault(s => s.LogStreamName == logStreamName) is { } stream)
            {
                return stream;
            }
        }
        throw StreamNotFound(logGroupName, logStreamName);
    }

    /// <summary>Deletes a stream with all its events.</summary>
    public Task DeleteStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        ArgumentException.ThrowIfNullOrEmpty(logStreamName);
        _sink.Verbose($"DeleteLogStream '{logGroupName}' '{logStreamName}'.");
        return _admin.DeleteLogStreamAsync(logGroupName, logStreamName, cancellationToken);
    }

    /// <summary>
    /// The group names that <paramref name="names"/> stand for, in the order given: an exact name as it is (not
    /// looked up), a wildcard pattern as the names it matches now (case-sensitive; none is not an error). A pattern
    /// whose listing the service refuses fails.
    /// </summary>
    public IAsyncEnumerable<string> ResolveGroupNamesAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        return ResolveNamesAsync(names, name => new LogCatalog(_catalog, _sink).ListGroups(new NameSelection(new[] { name })),
            group => group.LogGroupName, "log group(s)", cancellationToken);
    }

    /// <summary>The stream names of one group that <paramref name="names"/> stand for (as <see cref="ResolveGroupNamesAsync"/>).</summary>
    public IAsyncEnumerable<string> ResolveStreamNamesAsync(string logGroupName, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        ArgumentNullException.ThrowIfNull(names);
        return ResolveNamesAsync(names, name => new LogCatalog(_catalog, _sink).ListStreams(new LogStreamQuery(logGroupName), new NameSelection(new[] { name })),
            stream => stream.LogStreamName, $"stream(s) of '{logGroupName}'", cancellationToken);
    }

    /// <summary>Each exact name as it is; each wildcard pattern as the names its listing matches now.</summary>
    private async IAsyncEnumerable<string> ResolveNamesAsync<T>(IEnumerable<string> names, Func<string, CatalogListing<T>> list, Func<T, string> nameOf,
        string what, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        foreach (var name in names)
        {
            var pattern = new Wildcard(name, ignoreCase: false);
            if (!pattern.HasWildcards)
            {
                yield return pattern.LiteralPrefix;
                continue;
            }
            var matched = 0;
            await foreach (var entry in list(name).ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (entry.Refused is { } refused)
                {
                    throw refused;
                }
                matched++;
                yield return nameOf(entry.Item!);
            }
            _sink.Verbose($"'{name}' matches {matched} {what}.");
        }
    }

    /// <summary>
    /// A group as DescribeLogGroups gives it (retention, class, key, stored bytes, ARN), and with its tags
    /// (ListTagsForResource) when <paramref name="includeTags"/>. A missing group fails with NotFound.
    /// </summary>
    public async Task<LogGroup> ReadGroupAsync(string logGroupName, bool includeTags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        LogGroup? found = null;
        await foreach (var page in new LogCatalog(_catalog, _sink).ListGroupPagesAsync(logGroupName, null, cancellationToken).ConfigureAwait(false))
        {
            found = page.LogGroups.FirstOrDefault(g => g.LogGroupName == logGroupName);
            // Names come sorted, and the exact name sorts before every longer name with it as prefix.
            if (found is not null || page.LogGroups.Count > 0)
            {
                break;
            }
        }
        if (found is null)
        {
            throw new CloudWatcherException("ResourceNotFound", ErrorKind.NotFound,
                $"The log group '{logGroupName}' does not exist.", logGroupName)
            {
                RecommendedAction = "Check the name (log group names are case-sensitive) and the region; list the groups with Get-CwLogGroup.",
            };
        }
        if (!includeTags)
        {
            return found;
        }
        try
        {
            return found.WithTags(await _admin.ListTagsForResourceAsync(TagArn(found), cancellationToken).ConfigureAwait(false));
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind is ErrorKind.AccessDenied)
        {
            _sink.Warning($"The tags of '{logGroupName}' could not be read ({ex.Message}); the group is shown without them.");
            return found;
        }
    }

    /// <summary>The ARN TagResource and ListTagsForResource take: the group's ARN without the trailing ":*".</summary>
    private static string TagArn(LogGroup group)
    {
        var arn = group.Arn ?? throw new CloudWatcherException("InvalidResponse", ErrorKind.InvalidData,
            $"The service described the log group '{group.LogGroupName}' without an ARN, so it cannot be tagged.", group.LogGroupName);
        return arn.EndsWith(":*", StringComparison.Ordinal) ? arn[..^2] : arn;
    }

    private static CloudWatcherException StreamNotFound(string group, string stream) =>
        new("ResourceNotFound", ErrorKind.NotFound, $"The log stream '{stream}' does not exist in the log group '{group}'.", stream);
}

/// <summary>A log group to create: its name and, optionally, retention (days), KMS key, tags and class.</summary>
public sealed record LogGroupSpec(string LogGroupName)
{
    public int? RetentionInDays { get; init; }

    public string? KmsKeyId { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public LogGroupClass? LogGroupClass { get; init; }
}

/// <summary>A change to a log group: a new retention or none (RemoveRetention), and tags to add or replace.</summary>
public sealed record LogGroupUpdate(string LogGroupName)
{
    public int? RetentionInDays { get; init; }

    public bool RemoveRetention { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
