using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Text;

namespace CloudWatcher.Logs;

/// <summary>
/// Turns what a log-reading command was given into queries, one per log group: group names may be wildcards (listed
/// with DescribeLogGroups and matched here, as Get-CwLogGroup does), and so may stream names (a lone 'prefix*'
/// becomes the service's stream name prefix; anything else is listed and matched, at most 100 streams a group, the
/// most FilterLogEvents takes). Exact names are used as given, without a call.
/// </summary>
public sealed class LogQueryPlanner
{
    public const int MaxStreamsPerQuery = 100;

    private readonly LogCatalog _catalog;
    private readonly IEngineSink _sink;

    public LogQueryPlanner(ILogCatalogApi api, IEngineSink? sink = null)
    {
        _sink = sink ?? NullSink.Instance;
        _catalog = new LogCatalog(api, _sink);
    }

    public async Task<IReadOnlyList<LogQuery>> PlanAsync(LogSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var groups = await ExpandGroupsAsync(selection.LogGroupNames, cancellationToken).ConfigureAwait(false);
        var queries = new List<LogQuery>(groups.Count);
        foreach (var group in groups)
        {
            var query = new LogQuery(group)
            {
                LogStreamNamePrefix = selection.LogStreamNamePrefix,
                FilterPattern = string.IsNullOrWhiteSpace(selection.FilterPattern) ? null : selection.FilterPattern,
                StartTime = selection.StartTime,
                EndTime = selection.EndTime,
            };
            if (selection.LogStreamNames is { Count: > 0 } streams)
            {
                query = await ApplyStreamsAsync(query, streams, cancellationToken).ConfigureAwait(false);
                if (query.LogStreamNames is { Count: 0 })
                {
                    _sink.Verbose($"No stream of '{group}' matches {string.Join(", ", streams)}.");
                    continue;
                }
            }
            query.Validate();
            queries.Add(query);
        }
        return queries;
    }

    private async Task<List<string>> ExpandGroupsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        var patterns = names.Where(Wildcard.ContainsWildcards).ToList();
        foreach (var name in names.Where(n => !Wildcard.ContainsWildcards(n)))
        {
            result.Add(new Wildcard(name, ignoreCase: false).LiteralPrefix);
        }
        if (patterns.Count > 0)
        {
            var listing = _catalog.ListGroups(new NameSelection(patterns));
            await foreach (var entry in listing.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (entry.Refused is { } refused)
                {
                    throw refused;
                }
                result.Add(entry.Item!.LogGroupName);
            }
            if (result.Count == 0)
            {
                _sink.Verbose($"No log group matches {string.Join(", ", patterns)}.");
            }
        }
        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<LogQuery> ApplyStreamsAsync(LogQuery query, IReadOnlyList<string> streams, CancellationToken cancellationToken)
    {
        if (!streams.Any(Wildcard.ContainsWildcards))
        {
            return query with { LogStreamNames = streams.Select(s => new Wildcard(s, ignoreCase: false).LiteralPrefix).ToList() };
        }
        // 'web-*' alone, without a prefix of its own: the service filters by prefix, no listing needed.
        if (streams.Count == 1 && query.LogStreamNamePrefix is null && IsPrefixPattern(streams[0], out var prefix))
        {
            return query with { LogStreamNamePrefix = prefix };
        }
        var names = new List<string>();
        var listing = _catalog.ListStreams(new LogStreamQuery(query.LogGroupName), new NameSelection(streams, query.LogStreamNamePrefix));
        await foreach (var entry in listing.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(entry.Item!.LogStreamName);
            if (names.Count > MaxStreamsPerQuery)
            {
                throw new CloudWatcherException("TooManyStreams", ErrorKind.InvalidInput,
                    $"More than {MaxStreamsPerQuery} streams of '{query.LogGroupName}' match {string.Join(", ", streams)}; FilterLogEvents reads at most " +
                    $"{MaxStreamsPerQuery} named streams. Narrow the pattern, or give a stream name prefix.", query.LogGroupName);
            }
        }
        return query with { LogStreamNames = names, LogStreamNamePrefix = null };
    }

    /// <summary>
    /// One query per log group, in first-seen order: piped streams of one group (Get-CwLogStream | Watch-CwLog) are
    /// read together; a group asked for without stream names is read whole.
    /// </summary>
    public static IReadOnlyList<LogQuery> Merge(IEnumerable<LogQuery> queries)
    {
        var merged = new List<LogQuery>();
        foreach (var query in queries)
        {
            var index = merged.FindIndex(q => q.LogGroupName == query.LogGroupName);
            if (index < 0)
            {
                merged.Add(query);
                continue;
            }
            var existing = merged[index];
            merged[index] = existing.LogStreamNames is null || query.LogStreamNames is null
                ? existing with { LogStreamNames = null }
                : existing with { LogStreamNames = existing.LogStreamNames.Concat(query.LogStreamNames).Distinct(StringComparer.Ordinal).ToList() };
            merged[index].Validate();
        }
        return merged;
    }

    /// <summary>True for "text*" with no other wildcard: the text is a plain prefix.</summary>
    private static bool IsPrefixPattern(string pattern, out string prefix)
    {
        var wildcard = new Wildcard(pattern, ignoreCase: false);
        prefix = wildcard.LiteralPrefix;
        return prefix.Length > 0 && pattern.EndsWith('*') && !Wildcard.ContainsWildcards(pattern[..^1]) && !pattern[..^1].EndsWith('`');
    }
}

/// <summary>What a log-reading command was asked for: groups and streams (exact or wildcards), prefix, pattern, time.</summary>
public sealed record LogSelection(IReadOnlyList<string> LogGroupNames)
{
    public IReadOnlyList<string>? LogStreamNames { get; init; }

    public string? LogStreamNamePrefix { get; init; }

    public string? FilterPattern { get; init; }

    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }
}
