using System.Management.Automation;
using CloudWatcher.Api;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists CloudWatch Logs log groups (DescribeLogGroups), following every page.</summary>
[Cmdlet(VerbsCommon.Get, "CwLogGroup")]
[OutputType(typeof(LogGroup))]
public sealed class GetCwLogGroupCommand : AwsCmdlet
{
    private const int ProgressActivityId = 0x43570010;
    private const string Activity = "Listing CloudWatch Logs log groups";

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("LogGroupName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NamePrefix { get; set; }

    protected override void ProcessRecord()
    {
        var filters = (Name ?? Array.Empty<string>()).Select(n => new NameFilter(n, NamePrefix)).ToList();
        var prefixes = filters.Count == 0
            ? new[] { NamePrefix }
            : filters.Where(f => f.ServicePrefix is not null).Select(f => f.ServicePrefix!.Length == 0 ? null : f.ServicePrefix).ToArray();
        var failedPrefixes = new List<string>();
        if (prefixes.Length > 0)
        {
            var catalog = new LogCatalog(GetSession().Logs);
            var progress = new PageProgress(this);
            try
            {
                foreach (var prefix in LogCatalog.CoveringPrefixes(prefixes))
                {
                    if (!List(catalog, prefix, filters, progress))
                    {
                        failedPrefixes.Add(prefix ?? "");
                    }
                }
            }
            finally
            {
                progress.Complete();
            }
        }
        foreach (var filter in filters.Where(f => f.IsExact && !f.Found && !failedPrefixes.Any(p => (f.ServicePrefix ?? "").StartsWith(p, StringComparison.Ordinal))))
        {
            WriteError(NotFound(filter.Text));
        }
    }

    /// <summary>Writes the matching groups of one prefix listing; false when the service refused it (reported).</summary>
    private bool List(LogCatalog catalog, string? prefix, List<NameFilter> filters, PageProgress progress)
    {
        try
        {
            foreach (var page in Enumerate(catalog.ListGroupPagesAsync(prefix, null, null, CancellationToken)))
            {
                progress.Page(page.LogGroups.Count, page.NextToken is not null);
                foreach (var group in page.LogGroups)
                {
                    if (NamePrefix is not null && !group.LogGroupName.StartsWith(NamePrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var matched = filters.Count == 0;
                    foreach (var filter in filters)
                    {
                        if (filter.IsMatch(group.LogGroupName))
                        {
                            filter.Found = true;
                            matched = true;
                        }
                    }
                    if (matched)
                    {
                        WriteObject(group);
                    }
                }
                WriteDebug($"DescribeLogGroups (prefix '{prefix}') page {progress.Pages}: {page.LogGroups.Count} groups.");
            }
            return true;
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind is ServiceErrorKind.InvalidInput or ServiceErrorKind.NotFound)
        {
            // This listing's input was refused (e.g. a character CloudWatch Logs does not allow in names); others may still work.
            WriteFailure(ex, prefix);
            return false;
        }
        catch (Exception ex) when (ex is CloudWatcherServiceException or ArgumentException or InvalidOperationException)
        {
            ThrowFailure(ex, prefix);
            return false;
        }
    }

    private ErrorRecord NotFound(string name) => new(
        new ItemNotFoundException($"The log group '{name}' was not found in region {GetSession().Region}."),
        "LogGroupNotFound", ErrorCategory.ObjectNotFound, name)
    {
        ErrorDetails = new ErrorDetails($"The log group '{name}' was not found in region {GetSession().Region}.")
        {
            RecommendedAction = "Check the name (log group names are case-sensitive) and the region; list the groups with Get-CwLogGroup, or use a wildcard such as '/aws/lambda/*'.",
        },
    };

    /// <summary>One -Name value: how it narrows the service listing, and whether it matched anything.</summary>
    private sealed class NameFilter
    {
        private readonly Func<string, bool> _match;

        public NameFilter(string text, string? namePrefix)
        {
            Text = text;
            _match = LogNameWildcards.Matcher(text);
            var literal = LogNameWildcards.LiteralPrefix(text, out var hasWildcards);
            IsExact = !hasWildcards;
            // Combined with -NamePrefix: the longer of the two when one extends the other, else nothing can match.
            ServicePrefix = namePrefix is null || literal.StartsWith(namePrefix, StringComparison.Ordinal) ? literal
                : namePrefix.StartsWith(literal, StringComparison.Ordinal) ? namePrefix
                : null;
        }

        public string Text { get; }

        public bool IsExact { get; }

        /// <summary>The prefix to list ("" for everything), or null when no group can match.</summary>
        public string? ServicePrefix { get; }

        public bool Found { get; set; }

        public bool IsMatch(string name) => _match(name);
    }

    /// <summary>Progress over all pages of one invocation, shown only once a second page is known to exist.</summary>
    private sealed class PageProgress
    {
        private readonly GetCwLogGroupCommand _cmdlet;
        private bool _shown;
        private int _items;

        public PageProgress(GetCwLogGroupCommand cmdlet) => _cmdlet = cmdlet;

        public int Pages { get; private set; }

        public void Page(int items, bool more)
        {
            Pages++;
            _items += items;
            if (Pages > 1 || more)
            {
                _shown = true;
                _cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, Activity, $"Page {Pages}, {_items} log groups so far"));
            }
        }

        public void Complete()
        {
            if (_shown)
            {
                _cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
