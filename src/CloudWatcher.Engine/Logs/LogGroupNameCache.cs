using System.Security.Cryptography;
using System.Text;
using CloudWatcher.Sessions;

namespace CloudWatcher.Logs;

/// <summary>
/// Log group names for tab completion, cached per connection and prefix for <see cref="CacheLifetime"/>: a longer word
/// under a prefix whose listing was complete is answered locally, so typing does not send a request per keystroke.
/// A lookup never throws and never waits longer than <see cref="Timeout"/> (connecting included); a failure or a
/// timeout is remembered briefly, so an unreachable endpoint is not retried on every Tab. No secret is kept: entries
/// are keyed by a hash of the connection settings.
/// </summary>
public sealed class LogGroupNameCache
{
    /// <summary>How long a listing is reused.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(3);

    /// <summary>How long one lookup may wait for the service (connection included).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(30);
    private const int MaxNamesPerListing = 1000;
    private const int MaxListingsPerConnection = 32;
    private const int MaxConnections = 8;

    // Environment variables that change where or as whom the default chain connects.
    private static readonly string[] ConnectionVariables =
    {
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
    };

    private readonly object _gate = new();
    private readonly Dictionary<string, List<Listing>> _cache = new(StringComparer.Ordinal);
    private readonly Func<ISessionFactory> _sessions;

    public LogGroupNameCache(Func<ISessionFactory>? sessions = null) => _sessions = sessions ?? (() => EngineServices.Sessions);

    /// <summary>The module's cache, shared by every completer of log group names.</summary>
    public static LogGroupNameCache Shared { get; } = new();

    /// <summary>Forgets every cached listing (after creating or deleting log groups).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _cache.Clear();
        }
    }

    /// <summary>Log groups whose names start with <paramref name="prefix"/>; empty when the service cannot be asked in time.</summary>
    public IReadOnlyList<LogGroup> Lookup(ConnectionSettings settings, string prefix)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = ConnectionKey(settings);
        var now = DateTime.UtcNow;
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var listings))
            {
                listings.RemoveAll(l => l.Expires <= now);
                // While a listing of this connection has recently failed or timed out, offer what it got (its own
                // prefix's groups) and nothing for other words.
                if (listings.FirstOrDefault(l => l.Failed) is { } failed)
                {
                    return prefix.StartsWith(failed.Prefix, StringComparison.Ordinal) ? failed.Groups : Array.Empty<LogGroup>();
                }
                // The narrowest listing that answers this prefix: the same prefix, or a shorter one listed completely.
                var hit = listings
                    .Where(l => l.Prefix == prefix || (l.Complete && prefix.StartsWith(l.Prefix, StringComparison.Ordinal)))
                    .OrderByDescending(l => l.Prefix.Length)
                    .FirstOrDefault();
                if (hit is not null)
                {
                    return hit.Groups;
                }
            }
        }
        var listing = Fetch(prefix, settings);
        lock (_gate)
        {
            if (!_cache.TryGetValue(key, out var listings))
            {
                if (_cache.Count >= MaxConnections)
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
        return listing.Groups;
    }

    /// <summary>Lists up to <see cref="MaxNamesPerListing"/> groups with the prefix, within <see cref="Timeout"/>.</summary>
    private Listing Fetch(string prefix, ConnectionSettings settings)
    {
        var timeout = new CancellationTokenSource(Timeout);
        var token = timeout.Token;
        var groups = new List<LogGroup>();
        var factory = _sessions();
        var task = Task.Run(async () =>
        {
            // Connecting can resolve credentials over the network (SSO, instance roles), so it runs inside the time limit too.
            using var session = factory.Connect(settings);
            var catalog = new LogCatalog(session.LogCatalog);
            await foreach (var page in catalog.ListGroupPagesAsync(prefix.Length == 0 ? null : prefix, null, token).ConfigureAwait(false))
            {
                lock (groups)
                {
                    groups.AddRange(page.LogGroups);
                    if (page.NextToken is not null && groups.Count >= MaxNamesPerListing)
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
        List<LogGroup> found;
        lock (groups)
        {
            found = groups.ToList();
        }
        // A failure or timeout (with whatever arrived before it) is remembered briefly; a listing cut at
        // MaxNamesPerListing is kept but answers only its own prefix, so a longer word lists again.
        var failed = task.Status != TaskStatus.RanToCompletion;
        return new Listing(prefix, found, complete && !failed, failed, DateTime.UtcNow + (failed ? FailureLifetime : CacheLifetime));
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

    /// <summary>One cached answer: the groups whose names start with Prefix (all of them when Complete).</summary>
    private sealed record Listing(string Prefix, IReadOnlyList<LogGroup> Groups, bool Complete, bool Failed, DateTime Expires);

    /// <summary>Whether text uses only the characters CloudWatch Logs allows in log group names: [.-_/#A-Za-z0-9].</summary>
    public static bool IsValidGroupNameText(string text) =>
        text.All(c => c is '.' or '-' or '_' or '/' or '#' || char.IsAsciiLetterOrDigit(c));
}
