using System.Runtime.CompilerServices;
using CloudWatcher.Common;
using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Text;

namespace CloudWatcher.Logs;

/// <summary>
/// Lists log groups (DescribeLogGroups) and log streams (DescribeLogStreams) by name selection: exact names and
/// wildcards, the literal text before a wildcard sent to the service as the name prefix, every page followed lazily
/// so callers stream objects as pages arrive, and at the end the exact names that were not found. The service's
/// parameter rules are checked before anything is sent.
/// </summary>
public sealed class LogCatalog
{
    /// <summary>The most DescribeLogGroups and DescribeLogStreams return per call.</summary>
    public const int MaxPageSize = 50;

    private readonly ILogCatalogApi _api;
    private readonly IEngineSink _sink;

    public LogCatalog(ILogCatalogApi api, IEngineSink? sink = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
    }

    /// <summary>
    /// The log groups a selection names, in name order. A prefix listing the service refuses (a character it does not
    /// allow in names) is an entry of its own, and the other prefixes are still listed.
    /// </summary>
    public CatalogListing<LogGroup> ListGroups(NameSelection selection, int? pageSize = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ValidatePageSize(pageSize);
        var failed = new List<string?>();
        return new CatalogListing<LogGroup>(ct => ReadGroupsAsync(selection, pageSize, failed, ct), () => selection.NotFound(failed));
    }

    /// <summary>
    /// The streams of one log group that a selection names: by name, or by last event time (ascending, or descending).
    /// At most <see cref="LogStreamQuery.First"/> streams when set (listing stops there). A missing group fails with a
    /// NotFound service error.
    /// </summary>
    public CatalogListing<LogStream> ListStreams(LogStreamQuery query, NameSelection selection)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(selection);
        if (string.IsNullOrEmpty(query.LogGroupName))
        {
            throw new CloudWatcherException("InvalidLogGroupName", ErrorKind.InvalidInput, "A log group name is required to list log streams.");
        }
        if (query.NamePrefix is not null && query.OrderByLastEventTime)
        {
            throw new CloudWatcherException("InvalidStreamOrder", ErrorKind.InvalidInput,
                "CloudWatch Logs cannot order streams by last event time when a stream name prefix is given; drop the prefix or order by name.");
        }
        var truncated = false;
        return new CatalogListing<LogStream>(ct => ReadStreamsAsync(query, selection, () => truncated = true, ct),
            () => truncated ? Array.Empty<string>() : selection.NotFound());
    }

    /// <summary>Pages of log groups under one prefix (null: all), in the service's order.</summary>
    public IAsyncEnumerable<DescribeLogGroupsResult> ListGroupPagesAsync(string? namePrefix, int? pageSize, CancellationToken cancellationToken)
    {
        if (namePrefix is { Length: 0 })
        {
            throw new CloudWatcherException("InvalidNamePrefix", ErrorKind.InvalidInput, "The log group name prefix is empty; leave it out to list every log group.");
        }
        ValidatePageSize(pageSize);
        var request = new DescribeLogGroupsRequest { LogGroupNamePrefix = namePrefix, Limit = pageSize };
        return Paging.FollowAsync((token, ct) => _api.DescribeLogGroupsAsync(request with { NextToken = token }, ct), page => page.NextToken, cancellationToken);
    }

    private async IAsyncEnumerable<ListingEntry<LogGroup>> ReadGroupsAsync(NameSelection selection, int? pageSize, List<string?> failed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progress = new PageCounter(_sink, ProgressActivity.ListingLogGroups, "log groups");
        try
        {
            foreach (var prefix in selection.ServicePrefixes)
            {
                var pages = ListGroupPagesAsync(prefix, pageSize, cancellationToken).ConfigureAwait(false).GetAsyncEnumerator();
                try
                {
                    while (true)
                    {
                        DescribeLogGroupsResult page;
                        CloudWatcherServiceException? refused = null;
                        try
                        {
                            if (!await pages.MoveNextAsync())
                            {
                                break;
                            }
                            page = pages.Current;
                        }
                        catch (CloudWatcherServiceException ex) when (ex.Kind is ErrorKind.InvalidInput or ErrorKind.NotFound)
                        {
                            refused = ex;
                            page = null!;
                        }
                        if (refused is not null)
                        {
                            failed.Add(prefix);
                            yield return new ListingEntry<LogGroup>(null, refused);
                            break;
                        }
                        progress.Page(page.LogGroups.Count, page.NextToken is not null);
                        _sink.Debug($"DescribeLogGroups (prefix '{prefix}') page {progress.Pages}: {page.LogGroups.Count} groups.");
                        foreach (var group in page.LogGroups)
                        {
                            if (selection.Accept(group.LogGroupName))
                            {
                                yield return new ListingEntry<LogGroup>(group, null);
                            }
                        }
                    }
                }
                finally
                {
                    await pages.DisposeAsync();
                }
            }
        }
        finally
        {
            progress.Complete();
        }
    }

    private async IAsyncEnumerable<ListingEntry<LogStream>> ReadStreamsAsync(LogStreamQuery query, NameSelection selection, Action truncated,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The service refuses a prefix with LastEventTime order: then the group is listed once and names match here.
        var prefixes = query.OrderByLastEventTime ? new List<string?> { query.NamePrefix } : selection.ServicePrefixes.ToList();
        if (query.Descending && !query.OrderByLastEventTime)
        {
            prefixes.Reverse();
        }
        var progress = new PageCounter(_sink, ProgressActivity.ListingLogStreams, $"streams of {query.LogGroupName}");
        var written = 0;
        try
        {
            foreach (var prefix in prefixes)
            {
                var request = new DescribeLogStreamsRequest(query.LogGroupName)
                {
                    LogStreamNamePrefix = prefix,
                    OrderByLastEventTime = query.OrderByLastEventTime,
                    Descending = query.Descending,
                    // Without local filtering, ask for no more than First needs.
                    Limit = query.First is int first && !selection.HasNames ? Math.Min(first, MaxPageSize) : null,
                };
                await foreach (var page in Paging.FollowAsync((token, ct) => _api.DescribeLogStreamsAsync(request with { NextToken = token }, ct),
                                   p => p.NextToken, cancellationToken).ConfigureAwait(false))
                {
                    progress.Page(page.LogStreams.Count, page.NextToken is not null);
                    _sink.Debug($"DescribeLogStreams '{query.LogGroupName}' page {progress.Pages}: {page.LogStreams.Count} streams.");
                    foreach (var stream in page.LogStreams)
                    {
                        if (!selection.Accept(stream.LogStreamName))
                        {
                            continue;
                        }
                        yield return new ListingEntry<LogStream>(stream, null);
                        if (query.First is int max && ++written >= max)
                        {
                            truncated();
                            yield break;
                        }
                    }
                }
            }
        }
        finally
        {
            progress.Complete();
        }
    }

    private static void ValidatePageSize(int? pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new CloudWatcherException("InvalidPageSize", ErrorKind.InvalidInput, $"The page size must be between 1 and {MaxPageSize}; it was {pageSize}.");
        }
    }
}

/// <summary>Which streams of a log group to list, and in which order.</summary>
public sealed record LogStreamQuery(string LogGroupName)
{
    /// <summary>Case-sensitive stream name prefix; cannot be combined with <see cref="OrderByLastEventTime"/>.</summary>
    public string? NamePrefix { get; init; }

    public bool OrderByLastEventTime { get; init; }

    public bool Descending { get; init; }

    /// <summary>At most this many streams (null: all); listing stops once they are found.</summary>
    public int? First { get; init; }
}
