using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CloudWatcher.Common;
using CloudWatcher.Logs;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;

namespace CloudWatcher.Completion;

/// <summary>One name offered by tab completion, with the tool tip that shows beside it.</summary>
public sealed record CompletionItem(string Name, string ToolTip);

/// <summary>
/// Names for tab completion (log groups, log streams, namespaces, metric names), cached per connection, kind and
/// prefix for <see cref="CacheLifetime"/>: a longer word under a prefix whose listing was complete is answered
/// locally, so typing does not send a request per keystroke. A lookup never throws and never waits longer than
/// <see cref="Timeout"/> (connecting included); a failure or a timeout is remembered briefly, so an unreachable
/// endpoint is not asked again on every Tab. No secret is kept: entries are keyed by a hash of the connection.
/// </summary>
public sealed class CompletionCache
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(3);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(30);
    private const int MaxNamesPerListing = 1000;
    private const int MaxListingsPerConnection = 64;
    private const int MaxConnections = 8;

    // Environment variables that change where or as whom the default chain connects.
    private static readonly string[] ConnectionVariables =
    {
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
    };

    private readonly object _gate = new();
    private readonly Dictionary<string, List<Listing>> _cache = new(StringComparer.Ordinal);
    private readonly Func<ISessionFactory> _sessions;

    public CompletionCache(Func<ISessionFactory>? sessions = null) => _sessions = sessions ?? (() => EngineServices.Sessions);

    /// <summary>The module's cache, shared by every completer.</summary>
    public static CompletionCache Shared { get; } = new();

    /// <summary>Forgets every cached listing (after creating or deleting resources).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _cache.Clear();
        }
    }

    /// <summary>Log groups whose names start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<CompletionItem> LogGroups(ConnectionSettings settings, string prefix) =>
        Lookup(settings, "groups", prefix, (session, p, ct) => ListGroupsAsync(session, p, ct));

    /// <summary>Streams of a log group whose names start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<CompletionItem> LogStreams(ConnectionSettings settings, string logGroupName, string prefix) =>
        Lookup(settings, "streams\n" + logGroupName, prefix, (session, p, ct) => ListStreamsAsync(session, logGroupName, p, ct));

    /// <summary>Namespaces of the metrics CloudWatch knows, starting with <paramref name="prefix"/> (ListMetrics has no namespace prefix: listed, then matched).</summary>
    public IReadOnlyList<CompletionItem> Namespaces(ConnectionSettings settings, string prefix) =>
        Filter(Lookup(settings, "namespaces", "", (session, _, ct) => ListMetricsAsync(session, null, m => m.Namespace, ct)), prefix);

    /// <summary>Metric names (of one namespace when given) starting with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<CompletionItem> MetricNames(ConnectionSettings settings, string? @namespace, string prefix) =>
        Filter(Lookup(settings, "metrics\n" + @namespace, "", (session, _, ct) => ListMetricsAsync(session, @namespace, m => m.MetricName, ct)), prefix);

    private static List<CompletionItem> Filter(IReadOnlyList<CompletionItem> items, string prefix) =>
        items.Where(i => i.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();

    private IReadOnlyList<CompletionItem> Lookup(ConnectionSettings settings, string kind, string prefix,
        Func<ICloudWatcherSession, string, CancellationToken, IAsyncEnumerable<(IReadOnlyList<CompletionItem> Items, bool More)>> fetch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = ConnectionKey(settings) + "\n" + kind;
        var now = DateTime.UtcNow;
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var listings))
            {
                listings.RemoveAll(l => l.Expires <= now);
                // While a listing of this connection has recently failed or timed out, offer what it got (its own
                // prefix's names) and nothing for other words.
                if (listings.FirstOrDefault(l => l.Failed) is { } failed)
                {
                    return prefix.StartsWith(failed.Prefix, StringComparison.Ordinal) ? failed.Items : Array.Empty<CompletionItem>();
                }
                // The narrowest listing that answers this prefix: the same prefix, or a shorter one listed completely.
                var hit = listings
                    .Where(l => l.Prefix == prefix || (l.Complete && prefix.StartsWith(l.Prefix, StringComparison.Ordinal)))
                    .OrderByDescending(l => l.Prefix.Length)
                    .FirstOrDefault();
                if (hit is not null)
                {
                    return hit.Items;
                }
            }
        }
        var listing = Fetch(prefix, settings, fetch);
        lock (_gate)
        {
            if (!_cache.TryGetValue(key, out var listings))
            {
                if (_cache.Count >= MaxConnections * 4)
                {
                    _cache.Clear();
                }
                listings = new List<Listing>();
                _cache[key] = listings;
            }
            listings.RemoveAll(l => l.Prefix == prefix);
            if (listings.Count >= MaxListingsPerConnection)
            {
                listings.RemoveAt(0);
            }
            listings.Add(listing);
        }
        return listing.Items;
    }

    /// <summary>Lists up to <see cref="MaxNamesPerListing"/> names with the prefix, within <see cref="Timeout"/>.</summary>
    private Listing Fetch(string prefix, ConnectionSettings settings,
        Func<ICloudWatcherSession, string, CancellationToken, IAsyncEnumerable<(IReadOnlyList<CompletionItem> Items, bool More)>> fetch)
    {
        var timeout = new CancellationTokenSource(Timeout);
        var token = timeout.Token;
        var items = new List<CompletionItem>();
        var factory = _sessions();
        var task = Task.Run(async () =>
        {
            // Connecting can resolve credentials over the network (SSO, instance roles), so it runs inside the time limit too.
            using var session = factory.Connect(settings);
            await foreach (var (page, more) in fetch(session, prefix, token).ConfigureAwait(false))
            {
                lock (items)
                {
                    items.AddRange(page);
                    if (more && items.Count >= MaxNamesPerListing)
                    {
                        return false;
                    }
                }
            }
            return true;
        }, token);
        bool complete;
        try
        {
            complete = task.Wait(Timeout + TimeSpan.FromMilliseconds(250)) && task.Result;
        }
        catch (AggregateException)
        {
            complete = false;
        }
        if (!task.IsCompleted)
        {
            timeout.Cancel();
        }
        // An abandoned task may still be finishing: observe its failure and free the timer only when it is done.
        _ = task.ContinueWith(t =>
        {
            _ = t.Exception;
            timeout.Dispose();
        }, TaskScheduler.Default);
        List<CompletionItem> found;
        lock (items)
        {
            found = items.DistinctBy(i => i.Name).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        }
        // A failure or timeout (with whatever arrived before it) is remembered briefly; a listing cut at
        // MaxNamesPerListing is kept but answers only its own prefix, so a longer word lists again.
        var failed = task.Status != TaskStatus.RanToCompletion;
        return new Listing(prefix, found, complete && !failed, failed, DateTime.UtcNow + (failed ? FailureLifetime : CacheLifetime));
    }

    private static async IAsyncEnumerable<(IReadOnlyList<CompletionItem>, bool)> ListGroupsAsync(ICloudWatcherSession session, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var catalog = new LogCatalog(session.LogCatalog);
        await foreach (var page in catalog.ListGroupPagesAsync(prefix.Length == 0 ? null : prefix, null, cancellationToken).ConfigureAwait(false))
        {
            yield return (page.LogGroups.Select(g => new CompletionItem(g.LogGroupName, GroupTip(g))).ToList(), page.NextToken is not null);
        }
    }

    private static async IAsyncEnumerable<(IReadOnlyList<CompletionItem>, bool)> ListStreamsAsync(ICloudWatcherSession session, string group, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new DescribeLogStreamsRequest(group) { LogStreamNamePrefix = prefix.Length == 0 ? null : prefix };
        await foreach (var page in Paging.FollowAsync((t, ct) => session.LogCatalog.DescribeLogStreamsAsync(request with { NextToken = t }, ct),
                           p => p.NextToken, cancellationToken).ConfigureAwait(false))
        {
            yield return (page.LogStreams.Select(s => new CompletionItem(s.LogStreamName,
                s.LastEventTime is DateTime last ? $"{s.LogStreamName} (last event {last:u})" : s.LogStreamName)).ToList(), page.NextToken is not null);
        }
    }

    private static async IAsyncEnumerable<(IReadOnlyList<CompletionItem>, bool)> ListMetricsAsync(ICloudWatcherSession session, string? @namespace,
        Func<MetricInfo, string> name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListMetricsRequest { Namespace = @namespace };
        await foreach (var page in Paging.FollowAsync((t, ct) => session.MetricCatalog.ListMetricsAsync(request with { NextToken = t }, ct),
                           p => p.NextToken, cancellationToken).ConfigureAwait(false))
        {
            yield return (page.Metrics.Select(m => new CompletionItem(name(m), name(m))).DistinctBy(i => i.Name).ToList(), page.NextToken is not null);
        }
    }

    private static string GroupTip(LogGroup group)
    {
        var retention = group.RetentionInDays is int days ? $"{days} days" : "never expire";
        return $"{group.LogGroupName} ({group.FormatStoredBytes()}, retention {retention})";
    }

    /// <summary>A hash of everything that decides the connection, so no secret is kept in the cache.</summary>
    private static string ConnectionKey(ConnectionSettings settings)
    {
        var text = new StringBuilder();
        foreach (var value in new[] { settings.Region, settings.ProfileName, settings.AccessKey, settings.SecretKey, settings.SessionToken, settings.EndpointUrl?.ToString() })
        {
            text.Append(value).Append('\n');
        }
        foreach (var name in ConnectionVariables)
        {
            text.Append(Environment.GetEnvironmentVariable(name)).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Whether text uses only the characters CloudWatch Logs allows in log group names: [.-_/#A-Za-z0-9].</summary>
    public static bool IsValidGroupNameText(string text) =>
        text.All(c => c is '.' or '-' or '_' or '/' or '#' || char.IsAsciiLetterOrDigit(c));

    /// <summary>One cached answer: the names starting with Prefix (all of them when Complete).</summary>
    private sealed record Listing(string Prefix, IReadOnlyList<CompletionItem> Items, bool Complete, bool Failed, DateTime Expires);
}
