using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.Time;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// What Get-CwLog and Watch-CwLog share: the selectors (group, streams, prefix, pattern, time) and the way events
/// are written (LogEvent objects, cloudwatcher's text lines, or with JSON fields expanded).
/// </summary>
public abstract class LogReadCmdlet : TimeRangeCmdlet
{
    /// <summary>Log group names, or wildcards ('/app/*'); strings and Get-CwLogGroup output bind from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[] LogGroupName { get; set; } = Array.Empty<string>();

    /// <summary>One stream reads with GetLogEvents from its head; several are interleaved with FilterLogEvents. Wildcards: 'web-*'.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, 100)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogStreamNameCompleter))]
    public string[]? LogStreamName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogStreamNamePrefix { get; set; }

    /// <summary>A CloudWatch Logs filter pattern: terms, "phrases", ?alternatives, -exclusions, { $.json = "patterns" }.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? FilterPattern { get; set; }

    /// <summary>Write cloudwatcher's text lines "[dd-mm-YYYY HH:MM:SS UTC] message" instead of LogEvent objects.</summary>
    [Parameter]
    public SwitchParameter AsText { get; set; }

    /// <summary>Add the fields of JSON messages as properties of the emitted events.</summary>
    [Parameter]
    public SwitchParameter ExpandJson { get; set; }

    /// <summary>The queries for the bound groups (wildcards expanded); a bad combination ends the command.</summary>
    protected IReadOnlyList<LogQuery> BuildQueries(TimeSpan? defaultSince = null)
    {
        try
        {
            var input = BuildTimeInput();
            if (defaultSince is TimeSpan since && input.StartTime is null && input.Since is null)
            {
                input = input with { Since = since };
            }
            var (start, end) = TimeResolver.Resolve(input, DateTime.UtcNow);
            var selection = new LogSelection(LogGroupName)
            {
                LogStreamNames = LogStreamName,
                LogStreamNamePrefix = LogStreamNamePrefix,
                FilterPattern = FilterPattern,
                StartTime = start,
                EndTime = end,
            };
            return Wait(new LogQueryPlanner(GetSession().LogCatalog, Sink).PlanAsync(selection, CancellationToken));
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, Since ?? StartTime ?? (object)string.Join(", ", LogGroupName));
            throw; // unreachable
        }
    }

    /// <summary>Reads and writes events; returns normally at the end, on Ctrl+C the pipeline stops.</summary>
    protected void Emit(LogReader reader, IReadOnlyList<LogQuery> queries, LogReaderOptions options, IReadOnlyList<LogPosition?>? start)
    {
        foreach (var logEvent in Enumerate(reader.ReadAsync(queries, options, start, CancellationToken)))
        {
            if (Stopping)
            {
                throw new PipelineStoppedException(); // not handed on, so not recorded as delivered
            }
            // A stop that arrives while the event is being handed on leaves it unrecorded: whether downstream finished
            // with it cannot be known, and handing it on again next time is better than losing it.
            WriteObject(AsText ? LogLineFormatter.Format(logEvent) : ExpandJson ? JsonExpansion.Expand(logEvent) : logEvent);
            reader.CommitTaken();
        }
    }
}
