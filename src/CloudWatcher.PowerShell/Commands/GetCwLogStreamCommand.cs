using System.Management.Automation;
using CloudWatcher.Api;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// The -OrderBy values. Declared here, not in the engine: a value-type field of an engine type would make the runtime
/// load the engine while PowerShell inspects the cmdlet types, before the module's resolver is hooked up.
/// </summary>
public enum LogStreamOrder
{
    LogStreamName,
    LastEventTime,
}

/// <summary>Lists the streams of log groups (DescribeLogStreams), following every page.</summary>
[Cmdlet(VerbsCommon.Get, "CwLogStream")]
[OutputType(typeof(LogStream))]
public sealed class GetCwLogStreamCommand : AwsCmdlet
{
    private const int ProgressActivityId = 0x43570011;
    private const string Activity = "Listing CloudWatch Logs log streams";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string LogGroupName { get; set; } = "";

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("LogStreamName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NamePrefix { get; set; }

    [Parameter]
    public LogStreamOrder OrderBy { get; set; } = LogStreamOrder.LogStreamName;

    [Parameter]
    public SwitchParameter Descending { get; set; }

    /// <summary>At most this many streams per log group (0: all).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    protected override void ProcessRecord()
    {
        var byTime = OrderBy == LogStreamOrder.LastEventTime;
        var filters = (Name ?? Array.Empty<string>()).Select(n => new NameFilter(n, NamePrefix, byTime)).ToList();
        List<string?> prefixes;
        if (byTime)
        {
            // The service refuses a prefix with LastEventTime order (-NamePrefix then fails in the engine with a clear
            // message): list the group once and match -Name here.
            prefixes = new List<string?> { NamePrefix };
        }
        else if (filters.Count == 0)
        {
            prefixes = new List<string?> { NamePrefix };
        }
        else
        {
            var wanted = filters.Where(f => f.ServicePrefix is not null).Select(f => f.ServicePrefix!.Length == 0 ? null : f.ServicePrefix).ToList();
            prefixes = wanted.Count == 0 ? new List<string?>() : LogCatalog.CoveringPrefixes(wanted).ToList();
            if (Descending)
            {
                prefixes.Reverse();
            }
        }

        var catalog = new LogCatalog(GetSession().Logs);
        var written = 0;
        var pages = 0;
        var seen = 0;
        var truncated = false;
        var progressShown = false;
        try
        {
            foreach (var prefix in prefixes)
            {
                var query = new LogStreamQuery(LogGroupName)
                {
                    NamePrefix = prefix,
                    OrderByLastEventTime = byTime,
                    Descending = Descending,
                    // Without local filtering, ask for no more than -First needs.
                    PageSize = First > 0 && filters.Count == 0 ? Math.Min(First, LogCatalog.MaxPageSize) : null,
                };
                foreach (var page in Enumerate(catalog.ListStreamPagesAsync(query, CancellationToken)))
                {
                    pages++;
                    seen += page.LogStreams.Count;
                    if (pages > 1 || page.NextToken is not null)
                    {
                        progressShown = true;
                        WriteProgress(new ProgressRecord(ProgressActivityId, Activity, $"{LogGroupName}: page {pages}, {seen} streams so far"));
                    }
                    foreach (var stream in page.LogStreams)
                    {
                        if (!Matches(stream.LogStreamName, filters))
                        {
                            continue;
                        }
                        WriteObject(stream);
                        if (First > 0 && ++written >= First)
                        {
                            truncated = true;
                            break;
                        }
                    }
                    WriteDebug($"DescribeLogStreams '{LogGroupName}' page {pages}: {page.LogStreams.Count} streams.");
                    if (truncated)
                    {
                        break;
                    }
                }
                if (truncated)
                {
                    break;
                }
            }
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind is ServiceErrorKind.NotFound or ServiceErrorKind.InvalidInput)
        {
            // This group is missing (or its name is not valid); the next piped group may still work.
            WriteFailure(ex, LogGroupName);
            return;
        }
        catch (Exception ex) when (ex is CloudWatcherServiceException or ArgumentException or InvalidOperationException)
        {
            ThrowFailure(ex, LogGroupName);
        }
        finally
        {
            if (progressShown)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
        if (!truncated)
        {
            foreach (var filter in filters.Where(f => f.IsExact && !f.Found))
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"The log stream '{filter.Text}' was not found in the log group '{LogGroupName}'."),
                    "LogStreamNotFound", ErrorCategory.ObjectNotFound, filter.Text)
                {
                    ErrorDetails = new ErrorDetails($"The log stream '{filter.Text}' was not found in the log group '{LogGroupName}'.")
                    {
                        RecommendedAction = $"Check the name (stream names are case-sensitive); list the streams with Get-CwLogStream -LogGroupName '{LogGroupName}'.",
                    },
                });
            }
        }
    }

    private static bool Matches(string name, List<NameFilter> filters)
    {
        var matched = filters.Count == 0;
        foreach (var filter in filters)
        {
            if (filter.IsMatch(name))
            {
                filter.Found = true;
                matched = true;
            }
        }
        return matched;
    }

    /// <summary>One -Name value: how it narrows the service listing, and whether it matched anything.</summary>
    private sealed class NameFilter
    {
        private readonly Func<string, bool> _match;
        private readonly string? _namePrefix;

        public NameFilter(string text, string? namePrefix, bool byTime)
        {
            Text = text;
            _namePrefix = namePrefix;
            _match = LogNameWildcards.Matcher(text);
            var literal = LogNameWildcards.LiteralPrefix(text, out var hasWildcards);
            IsExact = !hasWildcards;
            // Combined with -NamePrefix: the longer of the two when one extends the other, else nothing can match.
            var compatible = namePrefix is null || literal.StartsWith(namePrefix, StringComparison.Ordinal) || namePrefix.StartsWith(literal, StringComparison.Ordinal);
            ServicePrefix = !compatible ? null
                : byTime ? ""
                : namePrefix is not null && namePrefix.Length > literal.Length ? namePrefix : literal;
        }

        public string Text { get; }

        public bool IsExact { get; }

        /// <summary>The prefix to list ("" for everything), or null when no stream can match.</summary>
        public string? ServicePrefix { get; }

        public bool Found { get; set; }

        public bool IsMatch(string name) =>
            ServicePrefix is not null && (_namePrefix is null || name.StartsWith(_namePrefix, StringComparison.Ordinal)) && _match(name);
    }
}
