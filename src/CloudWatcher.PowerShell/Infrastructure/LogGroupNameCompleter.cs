using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security.Cryptography;
using System.Text;
using CloudWatcher.Connection;
using CloudWatcher.Logs;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Completes log group names from CloudWatch Logs for any parameter that takes one
/// (<c>[ArgumentCompleter(typeof(LogGroupNameCompleter))]</c>). It connects with the connection parameters already typed
/// on the command line (-Region, -ProfileName, -AccessKey, -SecretKey, -SessionToken, -EndpointUrl), else the
/// environment, and never throws: a completion that fails or takes longer than <see cref="Timeout"/> offers nothing.
/// Listings are cached per connection and prefix for <see cref="CacheLifetime"/>; a longer word under a prefix whose
/// listing was complete is filtered locally, so typing does not send a request per keystroke. Failures are remembered
/// briefly too, so an unreachable endpoint is not retried on every Tab.
/// </summary>
public sealed class LogGroupNameCompleter : IArgumentCompleter
{
    /// <summary>How long a listing is reused.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(3);

    /// <summary>How long one completion may wait for the service (connection included).</summary>
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

    private static readonly object Gate = new();
    private static readonly Dictionary<string, List<Listing>> Cache = new(StringComparer.Ordinal);

    /// <summary>Forgets every cached listing (for tests, or after creating log groups).</summary>
    public static void ClearCache()
    {
        lock (Gate)
        {
            Cache.Clear();
        }
    }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            return Complete(wordToComplete ?? "", fakeBoundParameters);
        }
        catch (Exception)
        {
            // A completer must never disturb the prompt.
            return Array.Empty<CompletionResult>();
        }
    }

    private static List<CompletionResult> Complete(string wordToComplete, IDictionary? fakeBoundParameters)
    {
        var quote = wordToComplete.Length > 0 && wordToComplete[0] is '\'' or '"' ? wordToComplete[0] : (char?)null;
        var word = wordToComplete.Trim('\'', '"');
        var prefix = LogNameWildcards.LiteralPrefix(word, out _);
        if (!LogNameWildcards.IsValidGroupNameText(prefix))
        {
            return new List<CompletionResult>();
        }
        var settings = ReadSettings(fakeBoundParameters);
        var groups = Lookup(ConnectionKey(settings), prefix, settings);
        var pattern = new WildcardPattern(word + "*", WildcardOptions.None);
        return groups
            .Where(g => g.LogGroupName.StartsWith(prefix, StringComparison.Ordinal) && pattern.IsMatch(g.LogGroupName))
            .Select(g => new CompletionResult(Quote(g.LogGroupName, quote), g.LogGroupName, CompletionResultType.ParameterValue, ToolTip(g)))
            .ToList();
    }

    private static IReadOnlyList<LogGroup> Lookup(string key, string prefix, ConnectionSettings settings)
    {
        var now = DateTime.UtcNow;
        lock (Gate)
        {
            if (Cache.TryGetValue(key, out var listings))
            {
                listings.RemoveAll(l => l.Expires <= now);
                // While a listing of this connection has recently failed or timed out, do not try again on every keystroke:
                // offer what it got (its own prefix's groups) and nothing for other words.
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
        lock (Gate)
        {
            if (!Cache.TryGetValue(key, out var listings))
            {
                if (Cache.Count >= MaxConnections)
                {
                    Cache.Clear();
                }
                listings = new List<Listing>();
                Cache[key] = listings;
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
    private static Listing Fetch(string prefix, ConnectionSettings settings)
    {
        var timeout = new CancellationTokenSource(Timeout);
        var token = timeout.Token;
        var groups = new List<LogGroup>();
        var task = Task.Run(async () =>
        {
            // Connect can resolve credentials over the network (SSO, instance roles), so it runs inside the time limit too.
            using var session = CloudWatcherSession.Connect(settings);
            var catalog = new LogCatalog(session.Logs);
            await foreach (var page in catalog.ListGroupPagesAsync(prefix.Length == 0 ? null : prefix, null, null, token).ConfigureAwait(false))
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
        });
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
        task.ContinueWith(t =>
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

    private static ConnectionSettings ReadSettings(IDictionary? bound)
    {
        string? Text(string name)
        {
            if (bound is null || !bound.Contains(name) || bound[name] is not { } value)
            {
                return null;
            }
            var text = LanguagePrimitives.ConvertTo<string>(value is PSObject ps ? ps.BaseObject : value);
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        var endpoint = Text("EndpointUrl");
        return new ConnectionSettings
        {
            Region = Text("Region"),
            ProfileName = Text("ProfileName"),
            AccessKey = Text("AccessKey"),
            SecretKey = Text("SecretKey"),
            SessionToken = Text("SessionToken"),
            EndpointUrl = endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null,
        };
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

    private static string ToolTip(LogGroup group)
    {
        var retention = group.RetentionInDays is int days ? $"{days} days" : "never expire";
        return $"{group.LogGroupName} ({group.FormatStoredBytes()}, retention {retention})";
    }

    /// <summary>Quotes a name when the word was quoted or the name would not parse as one bare argument.</summary>
    internal static string Quote(string name, char? quote)
    {
        if (quote == '"')
        {
            var escaped = new StringBuilder();
            foreach (var c in name)
            {
                if (c is '`' or '$' or '"')
                {
                    escaped.Append('`');
                }
                escaped.Append(c);
            }
            return "\"" + escaped + "\"";
        }
        return quote == '\'' || NeedsQuotes(name) ? "'" + CodeGeneration.EscapeSingleQuotedStringContent(name) + "'" : name;
    }

    private static bool NeedsQuotes(string name) =>
        name.Length == 0 || name[0] is '-' or '#' or '@' or '.' || name.Any(c => char.IsWhiteSpace(c) || "`$'\"{}()[];,|&<>*?".Contains(c));

    /// <summary>One cached answer: the groups whose names start with Prefix (all of them when Complete).</summary>
    private sealed record Listing(string Prefix, IReadOnlyList<LogGroup> Groups, bool Complete, bool Failed, DateTime Expires);
}

/// <summary>
/// PowerShell wildcards over log group and stream names: the literal text before the first wildcard goes to the service
/// as a (case-sensitive) name prefix; the whole pattern is matched locally, case-sensitively like the names themselves.
/// </summary>
internal static class LogNameWildcards
{
    /// <summary>The text before the first unescaped *, ? or [, with backtick escapes removed.</summary>
    public static string LiteralPrefix(string text, out bool hasWildcards)
    {
        var prefix = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`' && i + 1 < text.Length)
            {
                prefix.Append(text[++i]);
                continue;
            }
            if (c is '*' or '?' or '[')
            {
                hasWildcards = true;
                return prefix.ToString();
            }
            prefix.Append(c);
        }
        hasWildcards = false;
        return prefix.ToString();
    }

    /// <summary>A case-sensitive matcher for a -Name value: wildcard match, or exact (unescaped) equality.</summary>
    public static Func<string, bool> Matcher(string text)
    {
        var literal = LiteralPrefix(text, out var hasWildcards);
        if (!hasWildcards)
        {
            return name => string.Equals(name, literal, StringComparison.Ordinal);
        }
        var pattern = new WildcardPattern(text, WildcardOptions.None);
        return pattern.IsMatch;
    }

    /// <summary>Whether text uses only the characters CloudWatch Logs allows in log group names: [.-_/#A-Za-z0-9].</summary>
    public static bool IsValidGroupNameText(string text) =>
        text.All(c => c is '.' or '-' or '_' or '/' or '#' || char.IsAsciiLetterOrDigit(c));
}
